/**
 * Pipelines, jobs, datums and models as the graph stores them, and the ids that tie them
 * together. Job and datum ids are derived from what they are, so creating them again is a
 * no-op: a job is (pipeline version, commit set), a datum is (job, datum key).
 */
import { createHash } from 'node:crypto';

export type JobState = 'created' | 'running' | 'finishing' | 'success' | 'failure' | 'killed' | 'unrunnable';
export type DatumState = 'success' | 'failed' | 'skipped' | 'recovered';
export type ModelVersionState = 'current' | 'superseded';

export interface PipelineVersionRecord {
  /** `project/name@version` */
  id: string;
  pipelineId: string;
  version: number;
  /** `specHash` of the normalised spec. */
  specHash: string;
  /** The normalised spec as JSON. */
  spec: string;
  image: string | null;
  cmd: string[];
  /** Created by `--reprocess` or a rerun: its first job reprocesses every datum. */
  reprocess: boolean;
  /** Repos (`project/name`) the version reads. */
  inputRepoIds: string[];
  outputRepoId: string;
  createdAt: string;
}

export interface PipelineRecord {
  /** `project/name` */
  id: string;
  project: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  /** The queue namespace of the deployment that last versioned it: its workers reconcile it. */
  queue: string;
  current: PipelineVersionRecord;
}

export interface JobCounts {
  /** Every datum of the job, skipped ones included. */
  total: number;
  /** Datums that ran and succeeded. */
  processed: number;
  /** Datums whose outputs were carried forward from an earlier job. */
  skipped: number;
  failed: number;
  /** Datums whose command failed and whose `errCmd` succeeded. */
  recovered: number;
}

/** The commit a job reads on one input branch (`commitId` null: the branch has none). */
export interface JobInputCommit {
  project: string;
  repo: string;
  branch: string;
  commitId: string | null;
}

export interface JobRecord {
  id: string;
  pipelineId: string;
  pipelineVersionId: string;
  pipelineVersion: number;
  commitSet: string;
  state: JobState;
  counts: JobCounts;
  inputs: JobInputCommit[];
  outputCommitId: string | null;
  /** The job whose output commit this one's outputs build on. */
  parentJobId: string | null;
  /** Datum batches queued. */
  batches: number;
  error: string | null;
  /** The queue namespace its work is asked for in: only workers of that namespace resume it. */
  queue: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DatumRecord {
  /** `<jobId>.<datumKey>` */
  id: string;
  /** The stable datum id (from its inputs' paths), the same in every job. */
  datumKey: string;
  hash: string;
  state: DatumState;
  jobId: string;
  /** The job that ran it, for a skipped datum (its outputs come from there). */
  sourceJobId: string;
  attempts: number;
  durationMs: number;
  error: string | null;
  /** The object holding the outputs and logs of the run that produced it (null: a datum of an earlier release). */
  resultsKey: string | null;
  /** The batch that run was in. */
  batch: number | null;
}

export interface ModelVersionRecord {
  /** `project/name@commitId` */
  id: string;
  modelId: string;
  version: number;
  commitId: string;
  jobId: string;
  path: string;
  /** sha256 over the sorted (path, hash) of the model's files. */
  contentHash: string;
  state: ModelVersionState;
  createdAt: string;
}

export function pipelineId(project: string, name: string): string {
  return `${project}/${name}`;
}

export function pipelineVersionId(pipeline: string, version: number): string {
  return `${pipeline}@${version}`;
}

/** A job is one pipeline version run on one commit set: the same pair always gives the same id. */
export function jobId(pipelineVersion: string, commitSet: string): string {
  return createHash('sha256').update(`${pipelineVersion}\0${commitSet}`).digest('hex').slice(0, 32);
}

export function datumNodeId(job: string, datumKey: string): string {
  return `${job}.${datumKey}`;
}

export function modelId(project: string, name: string): string {
  return `${project}/${name}`;
}

export const TERMINAL_JOB_STATES: readonly JobState[] = ['success', 'failure', 'killed', 'unrunnable'];

/** The queue namespace of jobs and pipelines recorded before namespaces were (the default queue prefix). */
export const UNSCOPED_QUEUE = 'stemma';
