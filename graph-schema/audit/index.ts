export * from './audit-records.js';
export * from './audit-graph.js';
