/**
 * Decisions in the graph: recorded one at a time or in batches (one transaction, UNWIND
 * statements of a few thousand rows), read back by id, listed by subject or model version in
 * id order (paged by id), and explained in one statement each (see explain-cypher.ts). A
 * model version's training summary is kept on it the first time it is computed.
 */
import { NotFoundError } from '../../core/errors.js';
import type { GraphClient, Tx } from '../graph-client.js';
import { toModelVersion, type ModelVersionRecord } from '../pipelines/index.js';
import type { DecisionExplanation, DecisionRecord, ModelExplanation, NewDecision, TrainingExplanation } from './decision-records.js';
import { toDecision, toDecisionExplanation, toModelExplanation, writeDecisions } from './decision-rows.js';
import { createNeo4jDecisionSources, type DecisionSources } from './decision-sources.js';
import { EXPLAIN_DECISION_CYPHER, EXPLAIN_MODEL_CYPHER, explainParams, SUMMARIZE_TRAINING_CYPHER } from './explain-cypher.js';
import { parseModelVersionRef } from './model-version-ref.js';

export interface DecisionListOptions {
  subjectId?: string | undefined;
  modelVersionId?: string | undefined;
  /** Only decisions of model versions in these projects (null or absent: every project). */
  projects?: readonly string[] | null | undefined;
  /** At most 10,000 (default 100). */
  limit?: number | undefined;
  /** The id of the last decision of the previous page. */
  after?: string | undefined;
}

export interface DecisionGraph extends DecisionSources {
  /** Records a decision (NOT_FOUND when its model version or datum does not exist); returns it. */
  record(decision: NewDecision): Promise<DecisionRecord>;
  /**
   * Records decisions in one transaction: all or none. A model version or datum that does not
   * exist is NOT_FOUND naming it (details: `modelVersion` or `datum`, and the `index` of the
   * first decision naming it). Decisions already recorded (same id) are left as they are.
   */
  recordBatch(decisions: readonly NewDecision[]): Promise<{ recorded: number }>;
  findDecision(id: string): Promise<DecisionRecord | null>;
  getDecision(id: string): Promise<DecisionRecord>;
  /** The decisions of `ids` that exist, in no particular order. */
  getDecisions(ids: readonly string[]): Promise<DecisionRecord[]>;
  /** Decisions in id order, by subject and/or model version. */
  listDecisions(opts?: DecisionListOptions): Promise<DecisionRecord[]>;
  /** The decision, its model version and what trained it, in one statement (EXPLAIN_DECISION_CYPHER). */
  explainDecision(id: string): Promise<DecisionExplanation>;
  /** A model version and what trained it, in one statement (EXPLAIN_MODEL_CYPHER). */
  explainModel(modelVersionId: string): Promise<ModelExplanation>;
  /**
   * Computes and keeps, on each model version of `ids` that has none, its training summary
   * (records read, subjects covered), so explaining it later reads two properties instead of
   * walking its training data. Returns how many it summarized.
   */
  summarizeTraining(ids: readonly string[]): Promise<number>;
  /** Model versions by reference (`project/name@3` or the id); unknown references are absent from the map. */
  resolveModelVersions(refs: readonly string[]): Promise<Map<string, ModelVersionRecord>>;
}

const MAX_PAGE = 10_000;

export function createNeo4jDecisionGraph(graph: GraphClient): DecisionGraph {
  const decisionsWhere = async (cypher: string, params: Record<string, unknown>) => {
    const res = await graph.read((tx) => tx.run(cypher, params));
    return res.records.map((r) => toDecision(r.get('d')));
  };

  /** Keeps the training summary an explanation just computed, so the next one reads it. */
  const keepSummary = (e: TrainingExplanation) =>
    graph.write((tx) =>
      tx.run(
        `MATCH (mv:ModelVersion {id: $id}) WHERE mv.trainingSubjectsCount IS NULL
         SET mv.trainingRecordsCount = $records, mv.trainingSubjectsCount = $subjects, mv.trainingSummarizedAt = $now`,
        { id: e.modelVersion.id, records: e.trainingRecords.count, subjects: e.subjectsCount, now: new Date().toISOString() },
      ),
    );

  const self: DecisionGraph = {
    ...createNeo4jDecisionSources(graph),

    async record(decision) {
      await self.recordBatch([decision]);
      return self.getDecision(decision.id);
    },

    async recordBatch(decisions) {
      if (decisions.length === 0) return { recorded: 0 };
      return graph.write(async (tx) => {
        await assertExist(tx, 'ModelVersion', 'model version', 'modelVersion', decisions.map((d) => d.modelVersionId));
        await assertExist(tx, 'Datum', 'datum', 'datum', decisions.map((d) => d.datumId ?? null));
        return { recorded: await writeDecisions(tx, decisions) };
      });
    },

    async findDecision(id) {
      return (await decisionsWhere('MATCH (d:Decision {id: $id}) RETURN d', { id }))[0] ?? null;
    },

    async getDecision(id) {
      const found = await self.findDecision(id);
      if (!found) throw new NotFoundError(`decision ${id} does not exist`, { decision: id });
      return found;
    },

    getDecisions: (ids) => decisionsWhere('UNWIND $ids AS id MATCH (d:Decision {id: id}) RETURN d', { ids: [...new Set(ids)] }),

    listDecisions(opts = {}) {
      const params = {
        subjectId: opts.subjectId ?? null,
        modelVersionId: opts.modelVersionId ?? null,
        projects: opts.projects ? [...opts.projects] : null,
        after: opts.after ?? '',
        limit: Math.min(Math.max(1, Math.trunc(opts.limit ?? 100)), MAX_PAGE),
      };
      // Each form reads the index that serves it in id order (the equal leading key makes
      // the composite index's order the id order), so a page costs its size, not the list's.
      const [where, order] = opts.subjectId
        ? ['d.subjectId = $subjectId AND ($modelVersionId IS NULL OR d.modelVersionId = $modelVersionId)', 'd.subjectId, d.id']
        : opts.modelVersionId
          ? ['d.modelVersionId = $modelVersionId', 'd.modelVersionId, d.id']
          : ['true', 'd.id'];
      return decisionsWhere(
        `MATCH (d:Decision) WHERE ${where} AND d.id > $after AND ($projects IS NULL OR split(d.modelVersionId, '/')[0] IN $projects)
         RETURN d ORDER BY ${order} LIMIT $limit`,
        params,
      );
    },

    async explainDecision(id) {
      const res = await graph.read((tx) => tx.run(EXPLAIN_DECISION_CYPHER, explainParams(id)));
      const row = res.records[0];
      if (!row) throw new NotFoundError(`decision ${id} does not exist`, { decision: id });
      const explained = toDecisionExplanation(row);
      if (!row.get('summarized')) await keepSummary(explained);
      return explained;
    },

    async explainModel(modelVersionId) {
      const res = await graph.read((tx) => tx.run(EXPLAIN_MODEL_CYPHER, explainParams(modelVersionId)));
      const row = res.records[0];
      if (!row) throw new NotFoundError(`model version ${modelVersionId} does not exist`, { modelVersion: modelVersionId });
      const explained = toModelExplanation(row);
      if (!row.get('summarized')) await keepSummary(explained);
      return explained;
    },

    async summarizeTraining(ids) {
      if (ids.length === 0) return 0;
      const res = await graph.write((tx) => tx.run(SUMMARIZE_TRAINING_CYPHER, { ...explainParams(''), ids: [...new Set(ids)], now: new Date().toISOString() }));
      return Number(res.records[0]?.get('summarized') ?? 0);
    },

    async resolveModelVersions(refs) {
      const parsed = [...new Set(refs)].map(parseModelVersionRef);
      const res = await graph.read((tx) =>
        tx.run(
          `UNWIND $refs AS r
           CALL (r) {
             MATCH (mv:ModelVersion {id: r.id}) RETURN mv
             UNION
             MATCH (mv:ModelVersion {modelId: r.modelId}) WHERE mv.version = r.version RETURN mv
           }
           RETURN r.ref AS ref, mv`,
          { refs: parsed.map((p) => ({ ref: p.ref, id: 'id' in p ? p.id : null, modelId: 'modelId' in p ? p.modelId : null, version: 'version' in p ? p.version : null })) },
        ),
      );
      return new Map(res.records.map((r) => [String(r.get('ref')), toModelVersion(r.get('mv'))]));
    },
  };
  return self;
}

/** NOT_FOUND naming the first of `ids` (nulls skipped) with no `label` node, and where it was first named. */
async function assertExist(tx: Tx, label: string, noun: string, detail: string, ids: (string | null)[]): Promise<void> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return;
  const res = await tx.run(`UNWIND $ids AS id OPTIONAL MATCH (n:${label} {id: id}) WITH id, n WHERE n IS NULL RETURN id`, { ids: wanted });
  const missing = res.records.map((r) => String(r.get('id')));
  if (missing.length === 0) return;
  const first = ids.findIndex((id) => id !== null && missing.includes(id));
  const id = ids[first]!;
  throw new NotFoundError(`${noun} ${id} does not exist`, { [detail]: id, index: first });
}
