/**
 * Writing datums inside a caller's transaction, in UNWIND batches: one statement per few
 * thousand rows, whatever the job's size. Datum ids are (job, datum key), so a batch written
 * twice (a retried worker) creates nothing the second time.
 */
import { fileVersionId } from '../pfs/file-version-graph.js';
import type { Tx } from '../graph-client.js';
import { datumNodeId, type DatumState } from './pipeline-records.js';

export const DATUM_ROW_BATCH = 2_000;
export const EDGE_ROW_BATCH = 5_000;

/** A file version as a datum sees it: the exact (repo, path, content hash). */
export interface FileVersionRef {
  repoId: string;
  path: string;
  hash: string;
  size: number;
}

export interface SkippedDatumRow {
  datumKey: string;
  hash: string;
  /** The job that ran it; its outputs are carried forward from there. */
  sourceJobId: string;
  /** Where that job recorded its outputs and logs (see `DatumResultRow`); null for datums of earlier releases. */
  resultsKey?: string | null;
  batch?: number | null;
}

/** Carry every datum of `fromJobId` whose outputs are in its output commit, except `exceptKeys`, as skipped. */
export interface CarryForward {
  fromJobId: string;
  exceptKeys: string[];
  /** How many datums that carries (the parent's, less those of `exceptKeys` it has): counted as skipped at once. */
  count: number;
}

export interface DatumResultRow {
  datumKey: string;
  hash: string;
  state: Exclude<DatumState, 'skipped'>;
  attempts: number;
  durationMs: number;
  error: string | null;
  inputs: FileVersionRef[];
  outputs: FileVersionRef[];
  /** The object holding the datum's outputs and logs, and the batch it ran in (for finding its logs). */
  resultsKey?: string | null;
  batch?: number | null;
}

export async function writeSkippedDatums(tx: Tx, jobId: string, rows: SkippedDatumRow[]): Promise<void> {
  for (const chunk of chunks(rows, DATUM_ROW_BATCH)) {
    await tx.run(
      `MATCH (j:Job {id: $jobId})
       UNWIND $rows AS row
       MERGE (d:Datum {id: row.id})
         ON CREATE SET d.datumKey = row.datumKey, d.hash = row.hash, d.state = 'skipped', d.jobId = $jobId,
                       d.sourceJobId = row.sourceJobId, d.attempts = 0, d.durationMs = 0, d.error = null, d.createdAt = $now,
                       d.resultsKey = row.resultsKey, d.batch = row.batch
       MERGE (d)-[:OF_JOB]->(j)`,
      {
        jobId,
        rows: chunk.map((r) => ({ ...r, resultsKey: r.resultsKey ?? null, batch: r.batch ?? null, id: datumNodeId(jobId, r.datumKey) })),
        now: new Date().toISOString(),
      },
    );
  }
}

/** Parent datums read per transaction of a carry: each transaction's memory stays small. */
export const CARRY_CHUNK = 20_000;

/** One chunk of a carry: how many datums it made, how many of the parent's it read, the last key read. */
export interface CarryChunk {
  carried: number;
  scanned: number;
  lastKey: string | null;
}

/**
 * Carries the next `limit` of the parent job's datums (in key order, after `after`) forward
 * as skipped datums of `jobId`, in one statement that the server runs over the parent's
 * datums (none travels to the client): how a job whose plan came from the diff of its inputs
 * keeps the datums it did not touch. The (jobId, datumKey) index gives the order. A carried
 * datum names its job by `jobId` only: no edge to the job, so carrying never locks the job
 * node (its finisher writes it meanwhile), and lineage reaches a skipped datum's work through
 * the datum that ran it.
 */
export async function carryDatumsForward(tx: Tx, jobId: string, carry: Omit<CarryForward, 'count'>, after = '', limit = CARRY_CHUNK): Promise<CarryChunk> {
  const res = await tx.run(
    `CALL () {
       MATCH (p:Datum) WHERE p.jobId = $fromJobId AND p.datumKey > $after
       WITH p ORDER BY p.datumKey LIMIT $limit
       RETURN collect(p) AS read
     }
     CALL (read) {
       UNWIND read AS p
       WITH p WHERE p.state IN ['success', 'skipped'] AND NOT p.datumKey IN $exceptKeys
       CREATE (d:Datum {id: $jobId + '.' + p.datumKey, datumKey: p.datumKey, hash: p.hash, state: 'skipped', jobId: $jobId,
                        sourceJobId: coalesce(p.sourceJobId, p.jobId), attempts: 0, durationMs: 0, error: null, createdAt: $now,
                        resultsKey: p.resultsKey, batch: p.batch})
       RETURN count(d) AS carried
     }
     RETURN carried, size(read) AS scanned, CASE WHEN size(read) = 0 THEN null ELSE read[size(read) - 1].datumKey END AS lastKey`,
    { jobId, fromJobId: carry.fromJobId, exceptKeys: carry.exceptKeys, after, limit, now: new Date().toISOString() },
  );
  const rec = res.records[0];
  return {
    carried: Number(rec?.get('carried') ?? 0),
    scanned: Number(rec?.get('scanned') ?? 0),
    lastKey: (rec?.get('lastKey') as string | null | undefined) ?? null,
  };
}

/** Creates the datums not yet recorded and their lineage edges; returns the rows it created. */
export async function writeDatumResults(tx: Tx, jobId: string, rows: DatumResultRow[]): Promise<DatumResultRow[]> {
  const ids = rows.map((r) => datumNodeId(jobId, r.datumKey));
  const existing = await tx.run('UNWIND $ids AS id MATCH (d:Datum {id: id}) RETURN d.id AS id', { ids });
  const known = new Set(existing.records.map((r) => String(r.get('id'))));
  const fresh = rows.filter((r) => !known.has(datumNodeId(jobId, r.datumKey)));
  for (const chunk of chunks(fresh, DATUM_ROW_BATCH)) {
    await tx.run(
      `MATCH (j:Job {id: $jobId})
       UNWIND $rows AS row
       CREATE (d:Datum {id: row.id, datumKey: row.datumKey, hash: row.hash, state: row.state, jobId: $jobId,
                        sourceJobId: $jobId, attempts: row.attempts, durationMs: row.durationMs, error: row.error, createdAt: $now,
                        resultsKey: row.resultsKey, batch: row.batch})
       CREATE (d)-[:OF_JOB]->(j)`,
      {
        jobId,
        rows: chunk.map((r) => ({ ...r, inputs: undefined, outputs: undefined, resultsKey: r.resultsKey ?? null, batch: r.batch ?? null, id: datumNodeId(jobId, r.datumKey) })),
        now: new Date().toISOString(),
      },
    );
  }
  await writeEdges(tx, jobId, fresh, 'inputs');
  await writeEdges(tx, jobId, fresh, 'outputs');
  return fresh;
}

async function writeEdges(tx: Tx, jobId: string, rows: DatumResultRow[], side: 'inputs' | 'outputs'): Promise<void> {
  const edges = rows.flatMap((r) =>
    r[side].map((f) => ({ datumId: datumNodeId(jobId, r.datumKey), id: fileVersionId(f.repoId, f.path, f.hash), ...f })),
  );
  const link = side === 'inputs' ? 'MERGE (fv)-[:INPUT_OF]->(d)' : 'MERGE (d)-[:PRODUCED]->(fv)';
  for (const chunk of chunks(edges, EDGE_ROW_BATCH)) {
    await tx.run(
      `UNWIND $edges AS e
       MATCH (d:Datum {id: e.datumId})
       MERGE (fv:FileVersion {id: e.id})
         ON CREATE SET fv.repoId = e.repoId, fv.path = e.path, fv.hash = e.hash, fv.size = e.size, fv.subjects = [], fv.createdAt = $now
       ${link}`,
      { edges: chunk, now: new Date().toISOString() },
    );
  }
}

export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
