export * from './erasure-touch-graph.js';
