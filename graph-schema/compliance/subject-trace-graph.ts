/**
 * A subject's trace through the provenance graph, in one read transaction of a few statements:
 * the record versions tagged with the subject (an indexed start) and the heads of their repos;
 * then a bounded walk downstream, `(:FileVersion)-[:INPUT_OF]->(:Datum)-[:PRODUCED]->(:FileVersion)`,
 * one statement per pipeline level; then, in one statement, the datums' jobs and liveness, the
 * model versions trained on what the walk reached (TRAINED_BY, HAS_FILE) and the decisions made
 * with them (MADE_BY), recorded by the walk's datums (DECIDED) or about the subject. A produced
 * file that some datum outside the walk also produced (the same bytes at the same path, made
 * without the subject) is not followed: its content does not depend on the subject.
 */
import type { GraphClient, Tx } from '../graph-client.js';
import {
  toDatumRow,
  toDecisionRow,
  toModelVersionRow,
  type BranchHeadRow,
  type SubjectRecordRow,
  type SubjectTrace,
  type TracedFileRow,
} from './footprint-rows.js';

export interface TraceOptions {
  /** Only record versions in this project's repos. */
  project?: string;
  /** Nodes of each kind the walk collects at most (default 10,000). */
  cap?: number;
  /** Pipeline levels walked downstream at most (default 8). */
  maxDepth?: number;
  /** Decisions listed at most (the count is whole; default 1,000). */
  decisionLimit?: number;
}

export interface SubjectTraceGraph {
  trace(subjectId: string, opts?: TraceOptions): Promise<SubjectTrace>;
}

const COMMITS_PER_RECORD = 20;

/** The subject's record versions (bounded, with the commits that wrote them) and the branch heads of their repos. */
export const TRACE_START_CYPHER = `
CALL {
  MATCH (:Subject {id: $subjectId})-[:SUBJECT_OF]->(fv:FileVersion)
  WHERE $prefix IS NULL OR fv.repoId STARTS WITH $prefix
  WITH fv ORDER BY fv.repoId, fv.path, fv.hash LIMIT $cap
  CALL (fv) { OPTIONAL MATCH (fv)-[:IN_COMMIT]->(c:Commit) WITH c ORDER BY c.createdAt RETURN collect(c.id) AS commits }
  RETURN collect({id: fv.id, repoId: fv.repoId, path: fv.path, hash: fv.hash, commits: commits}) AS records
}
CALL (records) {
  UNWIND records AS r
  WITH DISTINCT r.repoId AS rid
  MATCH (b:Branch {repoId: rid}) WHERE b.head IS NOT NULL
  MATCH (c:Commit {id: b.head})
  RETURN collect({branchId: b.id, repoId: rid, branch: b.name, head: b.head, manifest: c.manifest}) AS heads
}
RETURN records, heads`;

/** Counts when the record list was cut at the cap. */
const RECORD_COUNTS_CYPHER = `
MATCH (:Subject {id: $subjectId})-[:SUBJECT_OF]->(fv:FileVersion)
WHERE $prefix IS NULL OR fv.repoId STARTS WITH $prefix
OPTIONAL MATCH (fv)-[:IN_COMMIT]->(c:Commit)
RETURN count(DISTINCT fv) AS records, count(DISTINCT c) AS commits, count(DISTINCT fv.repoId) AS repos`;

/** One level of the walk: the new datums reading the frontier, and the files only tainted datums produced. */
export const TRACE_LEVEL_CYPHER = `
UNWIND $files AS fid
MATCH (:FileVersion {id: fid})-[:INPUT_OF]->(d:Datum)
WITH DISTINCT d WHERE NOT d.id IN $tainted
WITH d LIMIT $cap
WITH collect(d) AS fresh
WITH fresh, $tainted + [d IN fresh | d.id] AS tainted
UNWIND fresh AS d
CALL (d, tainted) {
  OPTIONAL MATCH (d)-[:PRODUCED]->(f:FileVersion)
  WHERE NOT EXISTS { MATCH (o:Datum)-[:PRODUCED]->(f) WHERE NOT o.id IN tainted }
  RETURN collect({id: f.id, repoId: f.repoId, path: f.path, hash: f.hash}) AS files
}
RETURN d.id AS datum, files`;

/** The datums' jobs and liveness, the model versions reached, and the decisions. */
export const TRACE_FINISH_CYPHER = `
CALL {
  UNWIND $datums AS did
  MATCH (d:Datum {id: did})
  OPTIONAL MATCH (j:Job {id: d.jobId})
  OPTIONAL MATCH (pv:PipelineVersion {id: j.pipelineVersionId})
  CALL (d, pv) {
    OPTIONAL MATCH (:Branch {repoId: pv.outputRepoId})-[:HEAD]->(:Commit)<-[:OUTPUT_COMMIT]-(hj:Job)
    OPTIONAL MATCH (hd:Datum {id: hj.id + '.' + d.datumKey}) WHERE hd.sourceJobId = d.jobId AND hd.state <> 'failed'
    // A head job whose carry is still being made holds what its parent holds, but the keys it touched.
    OPTIONAL MATCH (pd:Datum {id: hj.carryFrom + '.' + d.datumKey})
      WHERE NOT d.datumKey IN coalesce(hj.carryExcept, [])
        AND coalesce(pd.sourceJobId, pd.jobId) = d.jobId AND pd.state IN ['success', 'skipped']
    RETURN count(hd) + count(pd) > 0 AS live
  }
  RETURN collect({id: d.id, jobId: d.jobId, datumKey: d.datumKey, state: d.state, pipelineId: j.pipelineId, commitSet: j.commitSet,
                  jobState: j.state, outputRepoId: pv.outputRepoId, live: live}) AS datums
}
CALL {
  CALL {
    UNWIND $files AS fid MATCH (mv:ModelVersion)-[:HAS_FILE]->(:FileVersion {id: fid}) RETURN mv
    UNION
    UNWIND $jobs AS jid MATCH (mv:ModelVersion)-[:TRAINED_BY]->(:Job {id: jid}) RETURN mv
  }
  WITH DISTINCT mv LIMIT $cap
  RETURN collect({mv: mv, decisions: COUNT { ()-[:MADE_BY]->(mv) }}) AS models
}
WITH datums, models, [m IN models | m.mv.id] AS modelIds
CALL (modelIds) {
  CALL (modelIds) {
    MATCH (d:Decision {subjectId: $subjectId}) RETURN d
    UNION
    UNWIND $datums AS did MATCH (:Datum {id: did})-[:DECIDED]->(d:Decision) RETURN d
    UNION
    UNWIND modelIds AS mvid MATCH (d:Decision)-[:MADE_BY]->(:ModelVersion {id: mvid}) RETURN d
  }
  WITH DISTINCT d LIMIT $decisionLimit
  RETURN collect(d) AS decisions
}
CALL (modelIds) {
  MATCH (d:Decision {subjectId: $subjectId})
  OPTIONAL MATCH (d)-[:MADE_BY]->(mv:ModelVersion) WHERE mv.id IN modelIds
  RETURN count(DISTINCT d) AS about, count(DISTINCT CASE WHEN mv IS NULL THEN null ELSE d END) AS overlap
}
RETURN datums, models, decisions, about, overlap`;

export function createNeo4jSubjectTraceGraph(graph: GraphClient): SubjectTraceGraph {
  return {
    trace: (subjectId, opts = {}) => graph.read((tx) => traceSubject(tx, subjectId, opts)),
  };
}

type Props = Record<string, unknown>;

async function traceSubject(tx: Tx, subjectId: string, opts: TraceOptions): Promise<SubjectTrace> {
  const cap = Math.min(Math.max(1, Math.trunc(opts.cap ?? 10_000)), 100_000);
  const prefix = opts.project ? `${opts.project}/` : null;
  const start = (await tx.run(TRACE_START_CYPHER, { subjectId, prefix, cap })).records[0];
  const records: SubjectRecordRow[] = ((start?.get('records') as Props[] | undefined) ?? []).map((r) => ({
    fileVersionId: String(r.id),
    repoId: String(r.repoId),
    path: String(r.path),
    hash: String(r.hash),
    commitIds: (r.commits as string[]).slice(0, COMMITS_PER_RECORD),
  }));
  const heads: BranchHeadRow[] = ((start?.get('heads') as Props[] | undefined) ?? []).map((h) => ({
    branchId: String(h.branchId),
    repoId: String(h.repoId),
    branch: String(h.branch),
    headCommitId: String(h.head),
    manifest: (h.manifest as string | null) ?? null,
  }));
  const counts = await recordCounts(tx, records, records.length >= cap ? { subjectId, prefix } : null);

  const walk = await walkDownstream(tx, records.map((r) => r.fileVersionId), cap, opts.maxDepth ?? 8);
  const jobs = [...new Set(walk.datumIds.map((id) => id.slice(0, id.indexOf('.'))))];
  const finish = (
    await tx.run(TRACE_FINISH_CYPHER, {
      subjectId,
      datums: walk.datumIds,
      files: walk.files.map((f) => f.fileVersionId),
      jobs,
      cap,
      decisionLimit: Math.min(Math.max(1, opts.decisionLimit ?? 1_000), cap),
    })
  ).records[0];
  const datums = ((finish?.get('datums') as Props[] | undefined) ?? []).map((d) => toDatumRow({ get: (key: string) => d[key] }));
  const modelVersions = ((finish?.get('models') as Props[] | undefined) ?? []).map((m) => toModelVersionRow((m.mv as { properties: Props }).properties, m.decisions));
  const decisions = ((finish?.get('decisions') as { properties: Props }[] | undefined) ?? []).map((d) => toDecisionRow(d.properties));
  const about = Number(finish?.get('about') ?? 0);
  const madeBy = modelVersions.reduce((n, m) => n + m.decisionCount, 0);
  return {
    records,
    recordCount: counts.records,
    repoIds: counts.repoIds,
    commitCount: counts.commits,
    heads,
    datums,
    derivedFiles: walk.files,
    modelVersions,
    decisions,
    decisionCount: about + madeBy - Number(finish?.get('overlap') ?? 0),
    decisionsAboutCount: about,
    truncated: records.length >= cap || walk.truncated || modelVersions.length >= cap,
  };
}

/** Counts from the listed records, or from the graph when the list was cut at the cap. */
async function recordCounts(tx: Tx, records: SubjectRecordRow[], whole: { subjectId: string; prefix: string | null } | null) {
  const repoIds = [...new Set(records.map((r) => r.repoId))];
  if (!whole) return { records: records.length, commits: new Set(records.flatMap((r) => r.commitIds)).size, repoIds };
  const rec = (await tx.run(RECORD_COUNTS_CYPHER, whole)).records[0];
  return { records: Number(rec?.get('records') ?? records.length), commits: Number(rec?.get('commits') ?? 0), repoIds };
}

/** Datums reading the tainted files, then the files only tainted datums produced, a level per statement. */
async function walkDownstream(tx: Tx, start: string[], cap: number, maxDepth: number) {
  const tainted: string[] = [];
  const seenFiles = new Set<string>(start);
  const files = new Map<string, TracedFileRow>();
  let frontier = start;
  let truncated = false;
  for (let depth = 0; frontier.length > 0; depth++) {
    const level = await tx.run(TRACE_LEVEL_CYPHER, { files: frontier, tainted, cap: cap - tainted.length + 1 });
    if (level.records.length === 0) break;
    if (depth >= maxDepth || tainted.length + level.records.length > cap) {
      truncated = true;
      break;
    }
    frontier = [];
    for (const r of level.records) {
      const datum = String(r.get('datum'));
      tainted.push(datum);
      for (const f of r.get('files') as Props[]) {
        const id = f.id === null || f.id === undefined ? null : String(f.id);
        if (!id) continue;
        files.get(id)?.producerIds.push(datum);
        if (seenFiles.has(id)) continue;
        seenFiles.add(id);
        frontier.push(id);
        files.set(id, { fileVersionId: id, repoId: String(f.repoId), path: String(f.path), hash: String(f.hash), producerIds: [datum] });
      }
    }
    if (files.size > cap) {
      truncated = true;
      break;
    }
  }
  return { datumIds: tainted, files: [...files.values()].slice(0, cap), truncated };
}
