export * from './token-records.js';
export * from './token-graph.js';
