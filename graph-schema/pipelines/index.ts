export * from './pipeline-records.js';
export * from './pipeline-graph.js';
export * from './job-graph.js';
export * from './datum-graph.js';
export * from './model-graph.js';
export { type CarryForward, type DatumResultRow, type FileVersionRef, type SkippedDatumRow } from './datum-rows.js';
