/**
 * The provenance graph's vocabulary: node labels and relationship types.
 * Edges point the way data flows (input -> datum -> output).
 */
export const NodeLabel = {
  Project: 'Project',
  Repo: 'Repo',
  Branch: 'Branch',
  Commit: 'Commit',
  FileVersion: 'FileVersion',
  Pipeline: 'Pipeline',
  PipelineVersion: 'PipelineVersion',
  Job: 'Job',
  Datum: 'Datum',
  Model: 'Model',
  ModelVersion: 'ModelVersion',
  Decision: 'Decision',
  Subject: 'Subject',
  ErasureRequest: 'ErasureRequest',
  AuditEvent: 'AuditEvent',
  ApiToken: 'ApiToken',
  Migration: 'Migration',
} as const;
export type NodeLabel = (typeof NodeLabel)[keyof typeof NodeLabel];

export const RelType = {
  IN_PROJECT: 'IN_PROJECT',
  IN_REPO: 'IN_REPO',
  HEAD: 'HEAD',
  PARENT: 'PARENT',
  PROVENANCE: 'PROVENANCE',
  IN_COMMIT: 'IN_COMMIT',
  INPUT_OF: 'INPUT_OF',
  PRODUCED: 'PRODUCED',
  OF_JOB: 'OF_JOB',
  RAN: 'RAN',
  VERSION_OF: 'VERSION_OF',
  READS: 'READS',
  OUTPUT_COMMIT: 'OUTPUT_COMMIT',
  TRAINED_BY: 'TRAINED_BY',
  MADE_BY: 'MADE_BY',
  ABOUT: 'ABOUT',
  SUBJECT_OF: 'SUBJECT_OF',
  SUPERSEDED_BY: 'SUPERSEDED_BY',
  CURRENT: 'CURRENT',
  HAS_FILE: 'HAS_FILE',
  PRECEDES: 'PRECEDES',
  DECIDED: 'DECIDED',
  ERASES: 'ERASES',
  DELETION_COMMIT: 'DELETION_COMMIT',
  SHREDDED: 'SHREDDED',
  SUPERSEDED: 'SUPERSEDED',
  FLAGGED: 'FLAGGED',
} as const;
export type RelType = (typeof RelType)[keyof typeof RelType];

/** Labels whose `id` property is unique. */
export const identifiedLabels: readonly NodeLabel[] = Object.values(NodeLabel);
