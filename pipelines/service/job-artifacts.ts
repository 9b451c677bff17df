/**
 * What a job keeps in the object store besides its output commit: the planned datum
 * batches (with their input files' content refs), the plan's carry-over from the parent
 * job, each datum's outputs and the logs of each attempt. Keys are per job and datum, so a
 * retried datum overwrites its record instead of adding one.
 */
import { NotFoundError } from '../../core/errors.js';
import type { ObjectStore } from '../../pfs/object-store/object-store.js';
import type { TreeEntry } from '../../pfs/tree-store.js';
import type { DatumInput } from '../datums/datum-types.js';
import type { ParentDatum } from '../execution/partition-datums.js';

/** A datum input whose files carry their content refs, so a worker can materialise them. */
export interface PlannedDatumInput extends Omit<DatumInput, 'files'> {
  files: TreeEntry[];
}

export interface PlannedDatum {
  datumKey: string;
  hash: string;
  inputs: PlannedDatumInput[];
}

export interface JobCarry {
  parentJobId: string | null;
  /** The output branch head the outputs are merged onto (the parent's output commit). */
  baseCommitId: string | null;
  /** Parent datums whose outputs leave the output commit. */
  removed: ParentDatum[];
  /** Source jobs of the skipped datums (to name the owner of a conflicting path). */
  skippedSourceJobs: string[];
}

export interface DatumOutputRecord {
  datumKey: string;
  hash: string;
  outputs: TreeEntry[];
}

export interface DatumLogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  at: string;
}

export interface DatumAttemptLog {
  attempt: number;
  startedAt: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  succeeded: boolean;
  recovered: boolean;
  durationMs: number;
  error: string | null;
  lines: DatumLogLine[];
  droppedLines: number;
}

export type JobArtifacts = ReturnType<typeof createJobArtifacts>;

export function createJobArtifacts(objects: ObjectStore) {
  const root = (jobId: string) => `pipelines/jobs/${jobId}`;
  const putJson = (key: string, value: unknown) => objects.put(key, Buffer.from(JSON.stringify(value)));
  const getJson = async <T>(key: string): Promise<T> => JSON.parse((await objects.getBuffer(key)).toString('utf8')) as T;
  const findJson = async <T>(key: string): Promise<T | null> => {
    try {
      return await getJson<T>(key);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };

  return {
    putBatch: (jobId: string, batch: number, datums: PlannedDatum[]) => putJson(`${root(jobId)}/batches/${batch}.json`, datums),
    getBatch: (jobId: string, batch: number) => getJson<PlannedDatum[]>(`${root(jobId)}/batches/${batch}.json`),
    putCarry: (jobId: string, carry: JobCarry) => putJson(`${root(jobId)}/carry.json`, carry),
    getCarry: (jobId: string) => getJson<JobCarry>(`${root(jobId)}/carry.json`),
    putOutputs: (jobId: string, record: DatumOutputRecord) => putJson(`${root(jobId)}/datums/${record.datumKey}/outputs.json`, record),
    findOutputs: (jobId: string, datumKey: string) => findJson<DatumOutputRecord>(`${root(jobId)}/datums/${datumKey}/outputs.json`),
    putLog: (jobId: string, datumKey: string, log: DatumAttemptLog) =>
      putJson(`${root(jobId)}/datums/${datumKey}/logs/${String(log.attempt).padStart(4, '0')}.json`, log),
    /** Every attempt's log of a datum, oldest first. */
    async listLogs(jobId: string, datumKey: string): Promise<DatumAttemptLog[]> {
      const keys: string[] = [];
      for await (const obj of objects.list(`${root(jobId)}/datums/${datumKey}/logs/`)) keys.push(obj.key);
      return Promise.all(keys.sort().map((key) => getJson<DatumAttemptLog>(key)));
    },
  };
}
