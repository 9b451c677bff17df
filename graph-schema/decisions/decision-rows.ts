/**
 * Reading decisions and explanations out of query results, and writing decisions in UNWIND
 * batches inside a caller's transaction.
 */
import type { Tx } from '../graph-client.js';
import { toCommit, toFileVersion } from '../pfs/index.js';
import { toDatum, toJob, toModelVersion, toVersion } from '../pipelines/index.js';
import { chunks } from '../pipelines/datum-rows.js';
import type { DecisionExplanation, DecisionRecord, ModelExplanation, NewDecision, TrainingExplanation } from './decision-records.js';

/** Decisions per statement when recording: one round trip per few thousand. */
export const DECISION_ROW_BATCH = 2_000;

type Row = { get(key: string): unknown };

export function toDecision(node: unknown): DecisionRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  const json = (v: unknown) => (v === null || v === undefined ? null : (JSON.parse(String(v)) as unknown));
  return {
    id: String(x.id),
    modelVersionId: String(x.modelVersionId),
    subjectId: String(x.subjectId),
    input: json(x.input),
    output: json(x.output),
    explanation: json(x.explanation),
    madeAt: String(x.madeAt),
    source: x.source === 'pipeline' ? 'pipeline' : 'api',
    flagged: Boolean(x.flagged),
    flaggedByErasure: x.flaggedByErasure === null || x.flaggedByErasure === undefined ? null : String(x.flaggedByErasure),
    datumId: x.datumId === null || x.datumId === undefined ? null : String(x.datumId),
  };
}

function toTraining(row: Row): TrainingExplanation {
  const job = row.get('job');
  const pv = row.get('pv');
  return {
    modelVersion: toModelVersion(row.get('mv')),
    trainingJob: job ? toJob(job) : null,
    pipelineVersion: pv ? toVersion(pv) : null,
    trainingCommits: ((row.get('commits') as unknown[] | null) ?? []).map(toCommit),
    trainingRecords: {
      count: Number(row.get('recordsCount') ?? 0),
      sample: ((row.get('records') as unknown[] | null) ?? []).map(toFileVersion).sort(byRepoAndPath),
    },
    subjectsCount: Number(row.get('subjectsCount') ?? 0),
  };
}

const byRepoAndPath = (a: { repoId: string; path: string }, b: { repoId: string; path: string }) =>
  a.repoId === b.repoId ? (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) : a.repoId < b.repoId ? -1 : 1;

export function toDecisionExplanation(row: Row): DecisionExplanation {
  const datum = row.get('datum');
  return { decision: toDecision(row.get('d')), datum: datum ? toDatum(datum) : null, ...toTraining(row) };
}

export function toModelExplanation(row: Row): ModelExplanation {
  const next = row.get('next');
  const mv = (row.get('mv') as { properties: Record<string, unknown> }).properties;
  const erasure = mv['supersededByErasure'];
  return {
    ...toTraining(row),
    decisionsCount: Number(row.get('decisionsCount') ?? 0),
    supersededBy: next ? toModelVersion(next) : null,
    supersededByErasure: erasure === null || erasure === undefined ? null : String(erasure),
  };
}

/**
 * Creates the decisions not yet recorded with their MADE_BY, ABOUT (the subject merged) and
 * DECIDED edges; the model versions and datums must exist. Returns how many it created.
 */
export async function writeDecisions(tx: Tx, decisions: readonly NewDecision[]): Promise<number> {
  const existing = await tx.run('UNWIND $ids AS id MATCH (d:Decision {id: id}) RETURN d.id AS id', { ids: decisions.map((d) => d.id) });
  const known = new Set(existing.records.map((r) => String(r.get('id'))));
  // A decision given twice in one batch is recorded once.
  const fresh = decisions.filter((d) => !known.has(d.id) && Boolean(known.add(d.id)));
  for (const chunk of chunks(fresh, DECISION_ROW_BATCH)) {
    await tx.run(
      `UNWIND $rows AS row
       MATCH (mv:ModelVersion {id: row.modelVersionId})
       CREATE (d:Decision {id: row.id, modelVersionId: row.modelVersionId, subjectId: row.subjectId, input: row.input, output: row.output,
                           explanation: row.explanation, madeAt: row.madeAt, source: row.source, flagged: false, datumId: row.datumId})
       CREATE (d)-[:MADE_BY]->(mv)
       MERGE (s:Subject {id: row.subjectId})
       CREATE (d)-[:ABOUT]->(s)
       WITH d, row WHERE row.datumId IS NOT NULL
       MATCH (datum:Datum {id: row.datumId})
       CREATE (datum)-[:DECIDED]->(d)`,
      { rows: chunk.map(decisionRow) },
    );
  }
  return fresh.length;
}

function decisionRow(d: NewDecision): Record<string, unknown> {
  return {
    id: d.id,
    modelVersionId: d.modelVersionId,
    subjectId: d.subjectId,
    input: JSON.stringify(d.input),
    output: JSON.stringify(d.output),
    explanation: d.explanation === undefined || d.explanation === null ? null : JSON.stringify(d.explanation),
    madeAt: d.madeAt,
    source: d.source,
    datumId: d.datumId ?? null,
  };
}
