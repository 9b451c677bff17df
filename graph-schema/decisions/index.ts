export * from './decision-records.js';
export * from './decision-entry.js';
export * from './model-version-ref.js';
export * from './decision-sources.js';
export * from './decision-graph.js';
export * from './subject-graph.js';
export { EXPLAIN_DECISION_CYPHER, EXPLAIN_MODEL_CYPHER, SUMMARIZE_TRAINING_CYPHER, explainParams, RECORD_SAMPLE_LIMIT, UPSTREAM_PIPELINE_DEPTH } from './explain-cypher.js';
