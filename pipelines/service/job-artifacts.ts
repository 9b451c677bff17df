/**
 * What a job keeps in the object store besides its output commit: the planned datum
 * batches (with their input files' content refs), the plan's carry-over from the parent
 * job, and the results of its datums: their outputs (tree entries whose bytes are in the
 * content store) and the logs of each attempt. Results are packed: a worker writes one
 * object for every group of datums it records together, under the batch they ran in
 * (`results/b<batch>/...`), and each recorded datum names its object in the graph, so a
 * thousand datums cost a few writes and the finisher a few reads. Jobs of earlier releases
 * kept one object per datum (`datums/<key>/outputs.json`, `datums/<key>/logs/`); those are
 * still read.
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
  /** Source jobs of the skipped datums (plans of earlier releases; the finisher asks the graph now). */
  skippedSourceJobs?: string[];
}

export interface DatumOutputRecord {
  datumKey: string;
  hash: string;
  outputs: TreeEntry[];
}

/** A datum's part of a results object: its outputs (when it succeeded) and the logs of the attempts recorded with it. */
export interface DatumResultEntry {
  datumKey: string;
  hash: string;
  outputs: TreeEntry[] | null;
  logs: DatumAttemptLog[];
}

/** One results object: the datums of one batch attempt recorded together. */
export interface DatumResultsPack {
  jobId: string;
  batch: number;
  attempt: number;
  datums: DatumResultEntry[];
}

/** Where a datum's outputs are: its results object, or (jobs of earlier releases) its own object. */
export interface DatumOutputsRef {
  jobId: string;
  datumKey: string;
  resultsKey: string | null;
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

const READ_CONCURRENCY = 16;
const MAX_LOG_OBJECTS = 500;

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
  const listKeys = async (prefix: string, limit = Infinity): Promise<string[]> => {
    const keys: string[] = [];
    for await (const obj of objects.list(prefix)) {
      keys.push(obj.key);
      if (keys.length >= limit) break;
    }
    return keys.sort();
  };
  const readPacks = async (keys: string[]): Promise<DatumResultsPack[]> => {
    const packs: DatumResultsPack[] = [];
    for (let i = 0; i < keys.length; i += READ_CONCURRENCY) packs.push(...(await Promise.all(keys.slice(i, i + READ_CONCURRENCY).map((k) => getJson<DatumResultsPack>(k)))));
    return packs;
  };
  const legacyLogs = async (jobId: string, datumKey: string) =>
    Promise.all((await listKeys(`${root(jobId)}/datums/${datumKey}/logs/`)).map((key) => getJson<DatumAttemptLog>(key)));

  return {
    putBatch: (jobId: string, batch: number, datums: PlannedDatum[]) => putJson(`${root(jobId)}/batches/${batch}.json`, datums),
    getBatch: (jobId: string, batch: number) => getJson<PlannedDatum[]>(`${root(jobId)}/batches/${batch}.json`),
    putCarry: (jobId: string, carry: JobCarry) => putJson(`${root(jobId)}/carry.json`, carry),
    getCarry: (jobId: string) => getJson<JobCarry>(`${root(jobId)}/carry.json`),

    /** A new key for a results object of a batch attempt (`writer` tells apart two workers on one attempt). */
    resultsKey: (jobId: string, batch: number, attempt: number, writer: string, seq: number) =>
      `${root(jobId)}/results/b${batch}/a${String(attempt).padStart(4, '0')}-${writer}-${String(seq).padStart(5, '0')}.json`,
    putResults: (key: string, pack: DatumResultsPack) => putJson(key, pack),

    /** The outputs of each datum, by datum key: one read per results object, whatever the number of datums in it. */
    async readOutputs(refs: readonly DatumOutputsRef[]): Promise<Map<string, TreeEntry[]>> {
      const out = new Map<string, TreeEntry[]>();
      const byKey = new Map<string, Set<string>>();
      const legacy: DatumOutputsRef[] = [];
      for (const ref of refs) {
        if (!ref.resultsKey) legacy.push(ref);
        else byKey.set(ref.resultsKey, (byKey.get(ref.resultsKey) ?? new Set()).add(ref.datumKey));
      }
      const keys = [...byKey.keys()];
      (await readPacks(keys)).forEach((pack, i) => {
        const wanted = byKey.get(keys[i]!)!;
        for (const entry of pack.datums) if (entry.outputs && wanted.has(entry.datumKey)) out.set(entry.datumKey, entry.outputs);
      });
      for (let i = 0; i < legacy.length; i += READ_CONCURRENCY) {
        const part = legacy.slice(i, i + READ_CONCURRENCY);
        const records = await Promise.all(part.map((r) => findJson<DatumOutputRecord>(`${root(r.jobId)}/datums/${r.datumKey}/outputs.json`)));
        records.forEach((rec, j) => out.set(part[j]!.datumKey, rec?.outputs ?? []));
      }
      return out;
    },

    /**
     * Every attempt's log of a datum, oldest first. `batch` is the batch it ran in (recorded
     * on the datum); unknown for a datum not recorded yet, whose logs are then searched for
     * in the job's results (at most the first 500 objects).
     */
    async listLogs(jobId: string, datumKey: string, batch: number | null): Promise<DatumAttemptLog[]> {
      const prefix = batch === null ? `${root(jobId)}/results/` : `${root(jobId)}/results/b${batch}/`;
      const packs = await readPacks(await listKeys(prefix, MAX_LOG_OBJECTS));
      const logs = packs.flatMap((p) => p.datums.filter((d) => d.datumKey === datumKey).flatMap((d) => d.logs));
      if (logs.length === 0) return legacyLogs(jobId, datumKey);
      return logs.sort((a, b) => a.attempt - b.attempt || a.startedAt.localeCompare(b.startedAt));
    },
  };
}
