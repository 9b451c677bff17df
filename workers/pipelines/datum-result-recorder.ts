/**
 * Buffers a batch's datum results and writes them to the graph together: every
 * `maxRows` results or `maxWaitMs`, and at the end, so that progress shows while a batch
 * of long datums runs, without one graph write per datum of a batch of short ones.
 */
import type { DatumResultRow, JobRecord } from '../../graph-schema/pipelines/index.js';
import type { PipelineDeps } from '../../pipelines/service/index.js';

export interface DatumResultRecorder {
  add(row: DatumResultRow): Promise<void>;
  /** Writes what is buffered; returns the job after the write (or null if nothing was written). */
  flush(): Promise<JobRecord | null>;
  /** The job as the last write left it. */
  readonly job: JobRecord | null;
}

export function createDatumResultRecorder(deps: PipelineDeps, jobId: string, opts: { maxRows?: number; maxWaitMs?: number } = {}): DatumResultRecorder {
  const maxRows = opts.maxRows ?? 50;
  const maxWaitMs = opts.maxWaitMs ?? 1_000;
  let pending: DatumResultRow[] = [];
  let since = Date.now();
  let job: JobRecord | null = null;

  const flush = async (): Promise<JobRecord | null> => {
    if (pending.length === 0) return null;
    const rows = pending;
    pending = [];
    since = Date.now();
    job = await deps.datums.recordResults(jobId, rows);
    return job;
  };

  return {
    async add(row) {
      pending.push(row);
      if (pending.length >= maxRows || Date.now() - since >= maxWaitMs) await flush();
    },
    flush,
    get job() {
      return job;
    },
  };
}
