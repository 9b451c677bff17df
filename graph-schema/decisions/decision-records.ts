/**
 * Decisions as the graph stores them: `(:Decision)-[:MADE_BY]->(:ModelVersion)`,
 * `(:Decision)-[:ABOUT]->(:Subject)` and, for decisions a pipeline wrote,
 * `(:Datum)-[:DECIDED]->(:Decision)`. Input, output and explanation are kept as JSON text.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { CommitRecord, FileVersionRecord } from '../pfs/pfs-records.js';
import type { DatumRecord, JobRecord, ModelVersionRecord, PipelineVersionRecord } from '../pipelines/pipeline-records.js';

export type DecisionSource = 'api' | 'pipeline';

export interface DecisionRecord {
  id: string;
  modelVersionId: string;
  subjectId: string;
  input: unknown;
  output: unknown;
  /** The per-feature explanation the model gave, if it gave one. */
  explanation: unknown;
  /** ISO time the decision was made. */
  madeAt: string;
  source: DecisionSource;
  /** Set by an erasure whose subject's records trained the model that made it. */
  flagged: boolean;
  /** The erasure that flagged it. */
  flaggedByErasure: string | null;
  /** The datum that wrote it, for a decision a pipeline recorded. */
  datumId: string | null;
}

/** A decision to record, as validated (see `validateDecisionInputs`). */
export interface NewDecision {
  id: string;
  modelVersionId: string;
  subjectId: string;
  input: unknown;
  output: unknown;
  explanation?: unknown;
  madeAt: string;
  source: DecisionSource;
  datumId?: string | null;
}

/** A bounded sample of a list and the size of the whole list. */
export interface CountedSample<T> {
  count: number;
  sample: T[];
}

/** What trained a model version, as `explainDecision` and `explainModel` both report it. */
export interface TrainingExplanation {
  modelVersion: ModelVersionRecord;
  trainingJob: JobRecord | null;
  pipelineVersion: PipelineVersionRecord | null;
  /** The training job's input commits. */
  trainingCommits: CommitRecord[];
  /** File versions the training job's datums read (a bounded sample, and how many). */
  trainingRecords: CountedSample<FileVersionRecord>;
  /** Distinct data subjects whose records reach the training records (upstream, bounded depth). */
  subjectsCount: number;
}

export interface DecisionExplanation extends TrainingExplanation {
  decision: DecisionRecord;
  /** The datum that wrote the decision (pipeline decisions). */
  datum: DatumRecord | null;
}

export interface ModelExplanation extends TrainingExplanation {
  decisionsCount: number;
  supersededBy: ModelVersionRecord | null;
  /** The erasure that superseded the version, when one did. */
  supersededByErasure: string | null;
}

/** An id for a decision recorded through the API. */
export function newDecisionId(): string {
  return randomUUID();
}

/**
 * The id of a decision a pipeline recorded: the same datum, file and line always give the
 * same id, so finishing a job again records nothing twice.
 */
export function pipelineDecisionId(datumId: string, path: string, line: number): string {
  const h = createHash('sha256').update(`${datumId}\0${path}\0${line}`).digest('hex');
  // Shaped like the ids the API gives, so every decision id reads the same way.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
