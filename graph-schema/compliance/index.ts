/** The compliance part of the graph: subjects' footprints and erasure requests. */
export { createNeo4jErasureGraph, type ErasureFilter, type ErasureGraph, type NewErasure, type SupersededModel } from './erasure-graph.js';
export type { ErasurePatch, ErasureRow } from './erasure-rows.js';
export {
  createNeo4jSubjectTraceGraph,
  TRACE_FINISH_CYPHER,
  TRACE_LEVEL_CYPHER,
  TRACE_START_CYPHER,
  type SubjectTraceGraph,
  type TraceOptions,
} from './subject-trace-graph.js';
export type {
  BranchHeadRow,
  SubjectRecordRow,
  SubjectTrace,
  TracedDatumRow,
  TracedDecisionRow,
  TracedFileRow,
  TracedModelVersionRow,
} from './footprint-rows.js';
