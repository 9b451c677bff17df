/**
 * Buffers a batch's datum results and records them together: every `maxRows` results or
 * `maxWaitMs`, and at the end. Recording a group costs one flush of the outputs' content
 * batch (their bytes, packed) and one results object (their outputs and logs), both stored
 * before one graph write (the datums, their lineage and the job's counts), so the graph
 * never names outputs that are not stored. Progress shows while a batch of long datums runs,
 * without a write per datum of a batch of short ones. A retried attempt adds its log only.
 */
import { randomUUID } from 'node:crypto';
import type { DatumResultRow, JobRecord } from '../../graph-schema/pipelines/index.js';
import type { ContentBatch, ContentStore } from '../../pfs/tree-store.js';
import type { DatumResultEntry, JobArtifacts, PipelineDeps } from '../../pipelines/service/index.js';

export interface RecordedResult {
  entry: DatumResultEntry;
  /** The graph row; null for an attempt that will be retried (its log is kept, nothing is counted). */
  row: DatumResultRow | null;
}

export interface DatumResultRecorder {
  /** Where the outputs of the datums being run now go. */
  readonly outputs: ContentBatch;
  add(result: RecordedResult): Promise<void>;
  /** Records what is buffered; returns the job after the write (or null if no datum was recorded). */
  flush(): Promise<JobRecord | null>;
  /** The job as the last write left it. */
  readonly job: JobRecord | null;
}

export interface RecorderScope {
  jobId: string;
  batch: number;
  attempt: number;
}

export function createDatumResultRecorder(
  deps: Pick<PipelineDeps, 'datums'>,
  artifacts: JobArtifacts,
  content: ContentStore,
  scope: RecorderScope,
  opts: { maxRows?: number; maxWaitMs?: number } = {},
): DatumResultRecorder {
  const maxRows = opts.maxRows ?? 100;
  const maxWaitMs = opts.maxWaitMs ?? 2_000;
  const writer = randomUUID().slice(0, 8);
  let outputs = content.batch();
  let pending: RecordedResult[] = [];
  let since = Date.now();
  let seq = 0;
  let job: JobRecord | null = null;

  const flush = async (): Promise<JobRecord | null> => {
    if (pending.length === 0) return null;
    const group = pending;
    pending = [];
    since = Date.now();
    const packed = outputs;
    outputs = content.batch();
    const key = artifacts.resultsKey(scope.jobId, scope.batch, scope.attempt, writer, seq++);
    await Promise.all([packed.flush(), artifacts.putResults(key, { ...scope, datums: group.map((r) => r.entry) })]);
    const rows = group.flatMap((r) => (r.row ? [{ ...r.row, resultsKey: key, batch: scope.batch }] : []));
    if (rows.length === 0) return null;
    job = await deps.datums.recordResults(scope.jobId, rows);
    return job;
  };

  return {
    get outputs() {
      return outputs;
    },
    async add(result) {
      pending.push(result);
      if (pending.length >= maxRows || Date.now() - since >= maxWaitMs) await flush();
    },
    flush,
    get job() {
      return job;
    },
  };
}
