export * from './pfs-records.js';
export * from './repo-graph.js';
export * from './commit-graph.js';
export * from './file-version-graph.js';
