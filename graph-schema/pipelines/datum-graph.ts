/**
 * Datums in the graph: `(:Datum)-[:OF_JOB]->(:Job)` and the lineage of each datum,
 * `(:FileVersion)-[:INPUT_OF]->(:Datum)-[:PRODUCED]->(:FileVersion)`. Results are recorded
 * per batch of datums in one transaction that also counts them on the job: the job's lock
 * serialises concurrent batches, and a datum already recorded is neither written nor
 * counted again, so a retried batch counts nothing twice.
 */
import type { GraphClient } from '../graph-client.js';
import { writeDatumResults, type DatumResultRow, type FileVersionRef } from './datum-rows.js';
import { toJob } from './job-graph.js';
import { datumNodeId, type DatumRecord, type DatumState, type JobRecord } from './pipeline-records.js';

export interface CarriedDatum {
  datumKey: string;
  hash: string;
  sourceJobId: string;
  /** Where the source job recorded its outputs (null: a datum of an earlier release). */
  resultsKey: string | null;
  batch: number | null;
}

export interface DatumFiles {
  inputs: (FileVersionRef & { id: string })[];
  outputs: (FileVersionRef & { id: string })[];
}

export interface DatumGraph {
  /** Records finished datums of one job and adds them to its counts; returns the job after. */
  recordResults(jobId: string, rows: DatumResultRow[]): Promise<JobRecord>;
  /** The recorded state of each of `datumKeys` that has one. */
  states(jobId: string, datumKeys: string[]): Promise<Map<string, DatumState>>;
  findDatum(jobId: string, datumKey: string): Promise<DatumRecord | null>;
  /** Datums of a job in key order, optionally of some states, paged by key. */
  listDatums(jobId: string, opts?: { states?: DatumState[]; limit?: number; after?: string }): Promise<DatumRecord[]>;
  /** Every datum whose outputs are in the job's output commit (succeeded or skipped). */
  carriedDatums(jobId: string): Promise<CarriedDatum[]>;
  /** Of `datumKeys`, the datums of the job whose outputs are in its output commit (one query). */
  carriedDatumsOf(jobId: string, datumKeys: string[]): Promise<CarriedDatum[]>;
  /** A skipped datum of the job whose source datum produced the file version, if any. */
  skippedProducerOf(jobId: string, fileVersionId: string): Promise<string | null>;
  /** The input and output file versions of a datum (bounded). */
  datumFiles(jobId: string, datumKey: string, limit?: number): Promise<DatumFiles>;
  /** Datum keys that produced a file version, among the given source jobs. */
  producersOf(fileVersionId: string, jobIds: string[]): Promise<string[]>;
}

const PAGE = 10_000;

export function createNeo4jDatumGraph(graph: GraphClient): DatumGraph {
  const datumsWhere = async (cypher: string, params: Record<string, unknown>) => {
    const res = await graph.read((tx) => tx.run(cypher, params));
    return res.records.map((r) => toDatum(r.get('d')));
  };

  return {
    async recordResults(jobId, rows) {
      return graph.write(async (tx) => {
        // Setting a property takes the job's write lock until the transaction ends.
        await tx.run('MATCH (j:Job {id: $jobId}) SET j.recordedAt = $now', { jobId, now: new Date().toISOString() });
        const fresh = await writeDatumResults(tx, jobId, rows);
        const count = (state: string) => fresh.filter((r) => r.state === state).length;
        const res = await tx.run(
          `MATCH (j:Job {id: $jobId})
           SET j.processed = j.processed + $processed, j.failed = j.failed + $failed, j.recovered = j.recovered + $recovered
           RETURN j`,
          { jobId, processed: count('success'), failed: count('failed'), recovered: count('recovered') },
        );
        return toJob(res.records[0]?.get('j'));
      });
    },

    async states(jobId, datumKeys) {
      const res = await graph.read((tx) =>
        tx.run('UNWIND $ids AS id MATCH (d:Datum {id: id}) RETURN d.datumKey AS key, d.state AS state', {
          ids: datumKeys.map((k) => datumNodeId(jobId, k)),
        }),
      );
      return new Map(res.records.map((r) => [String(r.get('key')), r.get('state') as DatumState]));
    },

    async findDatum(jobId, datumKey) {
      const found = await datumsWhere('MATCH (d:Datum {id: $id}) RETURN d', { id: datumNodeId(jobId, datumKey) });
      return found[0] ?? null;
    },

    listDatums: (jobId, opts = {}) =>
      datumsWhere(
        `MATCH (d:Datum {jobId: $jobId})
         WHERE ($states IS NULL OR d.state IN $states) AND d.datumKey > $after
         RETURN d ORDER BY d.datumKey LIMIT $limit`,
        { jobId, states: opts.states ?? null, after: opts.after ?? '', limit: Math.min(Math.max(1, Math.trunc(opts.limit ?? 1000)), PAGE) },
      ),

    async carriedDatums(jobId) {
      const out: CarriedDatum[] = [];
      for (let after = ''; ; ) {
        const page = await this.listDatums(jobId, { states: ['success', 'skipped'], limit: PAGE, after });
        out.push(...page.map(toCarried));
        if (page.length < PAGE) return out;
        after = page[page.length - 1]!.datumKey;
      }
    },

    async carriedDatumsOf(jobId, datumKeys) {
      const res = await graph.read((tx) =>
        tx.run(`UNWIND $ids AS id MATCH (d:Datum {id: id}) WHERE d.state IN ['success', 'skipped'] RETURN d`, {
          ids: datumKeys.map((k) => datumNodeId(jobId, k)),
        }),
      );
      return res.records.map((r) => toCarried(toDatum(r.get('d'))));
    },

    async skippedProducerOf(jobId, fileVersionId) {
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (src:Datum)-[:PRODUCED]->(:FileVersion {id: $fileVersionId})
           MATCH (d:Datum {id: $jobId + '.' + src.datumKey}) WHERE d.state = 'skipped' AND d.sourceJobId = src.jobId
           RETURN d.datumKey AS key LIMIT 1`,
          { jobId, fileVersionId },
        ),
      );
      const key = res.records[0]?.get('key');
      return key === undefined || key === null ? null : String(key);
    },

    async datumFiles(jobId, datumKey, limit = 1000) {
      const bounded = Math.min(Math.max(1, Math.trunc(limit)), PAGE);
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (d:Datum {id: $id})
           CALL (d) { OPTIONAL MATCH (i:FileVersion)-[:INPUT_OF]->(d) RETURN collect(i)[0..$limit] AS inputs }
           CALL (d) { OPTIONAL MATCH (d)-[:PRODUCED]->(o:FileVersion) RETURN collect(o)[0..$limit] AS outputs }
           RETURN inputs, outputs`,
          { id: datumNodeId(jobId, datumKey), limit: bounded },
        ),
      );
      const rec = res.records[0];
      const files = (nodes: unknown) => ((nodes as unknown[] | undefined) ?? []).map(toFileVersionRef).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      return { inputs: files(rec?.get('inputs')), outputs: files(rec?.get('outputs')) };
    },

    async producersOf(fileVersionId, jobIds) {
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (d:Datum)-[:PRODUCED]->(:FileVersion {id: $fileVersionId}) WHERE d.jobId IN $jobIds
           RETURN DISTINCT d.datumKey AS key LIMIT 100`,
          { fileVersionId, jobIds },
        ),
      );
      return res.records.map((r) => String(r.get('key')));
    },
  };
}

export function toDatum(node: unknown): DatumRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  return {
    id: String(x.id),
    datumKey: String(x.datumKey),
    hash: String(x.hash),
    state: x.state as DatumState,
    jobId: String(x.jobId),
    sourceJobId: String(x.sourceJobId ?? x.jobId),
    attempts: Number(x.attempts ?? 0),
    durationMs: Number(x.durationMs ?? 0),
    error: x.error === null || x.error === undefined ? null : String(x.error),
    resultsKey: x.resultsKey === null || x.resultsKey === undefined ? null : String(x.resultsKey),
    batch: x.batch === null || x.batch === undefined ? null : Number(x.batch),
  };
}

function toCarried(d: DatumRecord): CarriedDatum {
  return { datumKey: d.datumKey, hash: d.hash, sourceJobId: d.sourceJobId, resultsKey: d.resultsKey, batch: d.batch };
}

function toFileVersionRef(node: unknown): FileVersionRef & { id: string } {
  const x = (node as { properties: Record<string, unknown> }).properties;
  return { id: String(x.id), repoId: String(x.repoId), path: String(x.path), hash: String(x.hash), size: Number(x.size ?? 0) };
}
