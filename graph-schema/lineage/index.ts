export * from './lineage-records.js';
export * from './lineage-cypher.js';
export * from './lineage-rows.js';
export * from './lineage-graph.js';
export * from './file-version-links.js';
