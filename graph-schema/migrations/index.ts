/**
 * The graph's migrations, in order. Each is a list of idempotent statements (schema
 * statements use IF NOT EXISTS), applied once and recorded as a (:Migration) node.
 * Append new migrations; never edit an applied one (its checksum is recorded).
 */
import { identifiedLabels } from '../graph-model.js';

export interface Migration {
  id: number;
  name: string;
  statements: string[];
}

const uniqueIds = identifiedLabels.map(
  (label) => `CREATE CONSTRAINT ${label.toLowerCase()}_id_unique IF NOT EXISTS FOR (n:${label}) REQUIRE n.id IS UNIQUE`,
);

const index = (label: string, prop: string) =>
  `CREATE INDEX ${label.toLowerCase()}_${prop.toLowerCase()} IF NOT EXISTS FOR (n:${label}) ON (n.${prop})`;

export const migrations: Migration[] = [
  { id: 1, name: 'unique ids on every node label', statements: uniqueIds },
  {
    id: 2,
    name: 'indexes on what queries filter by',
    statements: [
      index('Commit', 'commitSet'),
      index('Commit', 'repoId'),
      index('Commit', 'state'),
      index('Repo', 'project'),
      index('Branch', 'repoId'),
      index('FileVersion', 'repoId'),
      index('FileVersion', 'path'),
      index('FileVersion', 'hash'),
      index('Job', 'state'),
      index('Job', 'commitSet'),
      index('Job', 'pipelineId'),
      index('Datum', 'jobId'),
      index('Datum', 'hash'),
      index('Datum', 'datumKey'),
      index('PipelineVersion', 'pipelineId'),
      index('ModelVersion', 'modelId'),
      index('Decision', 'subjectId'),
      index('Decision', 'madeAt'),
      index('ErasureRequest', 'state'),
      index('AuditEvent', 'seq'),
      index('AuditEvent', 'actor'),
      index('AuditEvent', 'action'),
      index('AuditEvent', 'target'),
      index('AuditEvent', 'at'),
      index('ApiToken', 'hash'),
    ],
  },
  {
    id: 3,
    name: 'indexes for running pipelines',
    statements: [
      index('Job', 'pipelineVersionId'),
      index('Job', 'createdAt'),
      index('Pipeline', 'project'),
      index('PipelineVersion', 'specHash'),
      index('ModelVersion', 'state'),
    ],
  },
  {
    id: 4,
    name: 'audit chains: one head per chain, seq unique within a chain',
    statements: [
      'CREATE CONSTRAINT auditevent_chain_seq_unique IF NOT EXISTS FOR (n:AuditEvent) REQUIRE (n.chain, n.seq) IS UNIQUE',
      'CREATE CONSTRAINT audithead_chain_unique IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.chain IS UNIQUE',
    ],
  },
  {
    id: 5,
    name: 'api tokens: the lock that lets one process create the first admin token',
    // ApiToken ids are unique (migration 1) and tokens are looked up by hash (apitoken_hash, migration 2).
    statements: ['CREATE CONSTRAINT authlock_id_unique IF NOT EXISTS FOR (n:AuthLock) REQUIRE n.id IS UNIQUE'],
  },
  {
    id: 6,
    name: 'decisions: listed by subject and by model version in id order, found by flag',
    statements: [
      index('Decision', 'modelVersionId'),
      index('Decision', 'flagged'),
      'CREATE INDEX decision_subject_id IF NOT EXISTS FOR (n:Decision) ON (n.subjectId, n.id)',
      'CREATE INDEX decision_model_version_id IF NOT EXISTS FOR (n:Decision) ON (n.modelVersionId, n.id)',
    ],
  },
  {
    id: 7,
    name: 'erasure requests: listed by subject and by time',
    statements: [index('ErasureRequest', 'subjectId'), index('ErasureRequest', 'createdAt')],
  },
  {
    id: 8,
    name: "datums: a job's datums in key order; no index nothing reads",
    // A job's datums are paged and carried by (jobId, datumKey); no query finds a datum by its
    // hash or its key alone, and every index is paid for by each of the many datums written.
    statements: [
      'CREATE INDEX datum_job_key IF NOT EXISTS FOR (n:Datum) ON (n.jobId, n.datumKey)',
      'DROP INDEX datum_hash IF EXISTS',
      'DROP INDEX datum_datumkey IF EXISTS',
    ],
  },
];
