/**
 * Erasure requests in the graph: `(:ErasureRequest)-[:ERASES]->(:Subject)`, and what an
 * execution touched: `-[:DELETION_COMMIT]->(:Commit)`, `-[:SHREDDED]->(:FileVersion)`,
 * `-[:SUPERSEDED]->(:ModelVersion)`, `-[:FLAGGED]->(:Decision)`. State changes are
 * conditional on the current state, so two callers racing change it once; every edge write
 * is a MERGE, so a step done again adds nothing.
 */
import { NotFoundError } from '../../core/errors.js';
import type { GraphClient } from '../graph-client.js';
import { patchProperties, toErasureRow, type ErasurePatch, type ErasureRow } from './erasure-rows.js';

export interface NewErasure {
  id: string;
  subjectId: string;
  reason: string;
  requestedBy: string;
  state: string;
  execution: unknown;
  steps: unknown;
}

export interface ErasureFilter {
  state?: string;
  subjectId?: string;
  limit: number;
  /** Id of the last request of the previous page (newest first). */
  after?: string;
}

export interface SupersededModel {
  id: string;
  modelId: string;
  /** The version that replaced it, when the model was retrained. */
  replacedBy: string | null;
}

export interface ErasureGraph {
  create(input: NewErasure): Promise<ErasureRow>;
  find(id: string): Promise<ErasureRow | null>;
  get(id: string): Promise<ErasureRow>;
  /** Newest first. */
  list(filter: ErasureFilter): Promise<ErasureRow[]>;
  /** Applies `patch` if the request is in one of `from`; null when it is not (or does not exist). */
  update(id: string, from: readonly string[], patch: ErasurePatch): Promise<ErasureRow | null>;
  /** Ids of requests in one of `states` run by the workers of queue namespace `queue`, oldest first. */
  idsInStates(states: readonly string[], queue: string, limit: number): Promise<string[]>;
  /** Takes (or renews) the request's execution lease; false when another live holder has it. */
  acquireLease(id: string, holder: string, ms: number): Promise<boolean>;
  releaseLease(id: string, holder: string): Promise<void>;
  linkDeletionCommits(id: string, commitIds: string[]): Promise<void>;
  /** Links every record version tagged with the request's subject; returns how many. */
  linkShredded(id: string): Promise<number>;
  /** Marks model versions superseded by this erasure (keeping an earlier erasure's mark). */
  supersedeModelVersions(id: string, modelVersionIds: string[]): Promise<SupersededModel[]>;
  /** Flags every decision about the request's subject; returns how many are flagged. */
  flagDecisions(id: string): Promise<number>;
}

const MAX_LIST = 500;

export function createNeo4jErasureGraph(graph: GraphClient): ErasureGraph {
  const now = () => new Date().toISOString();
  const rows = async (cypher: string, params: Record<string, unknown>, write = false) => {
    const run = write ? graph.write.bind(graph) : graph.read.bind(graph);
    const res = await run((tx) => tx.run(cypher, params));
    return res.records.map((r) => toErasureRow(r.get('e')));
  };

  return {
    async create(input) {
      const at = now();
      const [row] = await rows(
        `CREATE (e:ErasureRequest {id: $id, subjectId: $subjectId, reason: $reason, requestedBy: $requestedBy, approvedBy: null,
                                   state: $state, createdAt: $at, updatedAt: $at, steps: $steps, execution: $execution})
         MERGE (s:Subject {id: $subjectId})
         CREATE (e)-[:ERASES]->(s)
         RETURN e`,
        { ...input, steps: JSON.stringify(input.steps), execution: JSON.stringify(input.execution), at },
        true,
      );
      return row!;
    },

    async find(id) {
      return (await rows('MATCH (e:ErasureRequest {id: $id}) RETURN e', { id }))[0] ?? null;
    },

    async get(id) {
      const found = await this.find(id);
      if (!found) throw new NotFoundError(`erasure request ${id} does not exist`, { erasure: id });
      return found;
    },

    list: (filter) =>
      rows(
        `OPTIONAL MATCH (a:ErasureRequest {id: $after})
         WITH a
         MATCH (e:ErasureRequest)
         WHERE ($state IS NULL OR e.state = $state) AND ($subjectId IS NULL OR e.subjectId = $subjectId)
           AND ($after IS NULL OR e.createdAt < a.createdAt OR (e.createdAt = a.createdAt AND e.id < a.id))
         RETURN e ORDER BY e.createdAt DESC, e.id DESC LIMIT $limit`,
        {
          state: filter.state ?? null,
          subjectId: filter.subjectId ?? null,
          after: filter.after ?? null,
          limit: Math.min(Math.max(1, Math.trunc(filter.limit)), MAX_LIST),
        },
      ),

    async update(id, from, patch) {
      const found = await rows(
        `MATCH (e:ErasureRequest {id: $id})
         SET e._lock = true REMOVE e._lock
         WITH e WHERE e.state IN $from
         SET e += $props, e.updatedAt = $at
         RETURN e`,
        { id, from: [...from], props: patchProperties(patch), at: now() },
        true,
      );
      return found[0] ?? null;
    },

    async idsInStates(states, queue, limit) {
      const res = await graph.read((tx) =>
        tx.run('MATCH (e:ErasureRequest) WHERE e.state IN $states AND e.queue = $queue RETURN e.id AS id ORDER BY e.createdAt LIMIT $limit', {
          states: [...states],
          queue,
          limit: Math.min(Math.max(1, Math.trunc(limit)), MAX_LIST),
        }),
      );
      return res.records.map((r) => String(r.get('id')));
    },

    async acquireLease(id, holder, ms) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (e:ErasureRequest {id: $id})
           SET e._lock = true REMOVE e._lock
           WITH e WHERE e.leaseHolder IS NULL OR e.leaseHolder = $holder OR e.leaseUntil < $now
           SET e.leaseHolder = $holder, e.leaseUntil = $now + $ms
           RETURN e.id AS id`,
          { id, holder, now: Date.now(), ms },
        ),
      );
      return res.records.length > 0;
    },

    async releaseLease(id, holder) {
      await graph.write((tx) => tx.run('MATCH (e:ErasureRequest {id: $id}) WHERE e.leaseHolder = $holder REMOVE e.leaseHolder, e.leaseUntil', { id, holder }));
    },

    async linkDeletionCommits(id, commitIds) {
      await graph.write((tx) =>
        tx.run('MATCH (e:ErasureRequest {id: $id}) UNWIND $commitIds AS cid MATCH (c:Commit {id: cid}) MERGE (e)-[:DELETION_COMMIT]->(c)', { id, commitIds }),
      );
    },

    async linkShredded(id) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (e:ErasureRequest {id: $id})-[:ERASES]->(s:Subject)
           CALL (e, s) { MATCH (s)-[:SUBJECT_OF]->(fv:FileVersion) MERGE (e)-[:SHREDDED]->(fv) RETURN count(fv) AS n }
           RETURN n`,
          { id },
        ),
      );
      return Number(res.records[0]?.get('n') ?? 0);
    },

    async supersedeModelVersions(id, modelVersionIds) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (e:ErasureRequest {id: $id})
           UNWIND $ids AS mvid
           MATCH (mv:ModelVersion {id: mvid})
           SET mv.state = 'superseded', mv.supersededByErasure = coalesce(mv.supersededByErasure, $id),
               mv.supersededAt = coalesce(mv.supersededAt, $at)
           MERGE (e)-[:SUPERSEDED]->(mv)
           WITH mv
           OPTIONAL MATCH (mv)-[:SUPERSEDED_BY]->(next:ModelVersion)
           RETURN mv.id AS id, mv.modelId AS modelId, head(collect(next.id)) AS replacedBy`,
          { id, ids: modelVersionIds, at: now() },
        ),
      );
      return res.records.map((r) => ({ id: String(r.get('id')), modelId: String(r.get('modelId')), replacedBy: (r.get('replacedBy') as string | null) ?? null }));
    },

    async flagDecisions(id) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (e:ErasureRequest {id: $id})
           CALL (e) {
             MATCH (d:Decision {subjectId: e.subjectId})
             SET d.flagged = true, d.flaggedByErasure = coalesce(d.flaggedByErasure, e.id)
             MERGE (e)-[:FLAGGED]->(d)
             RETURN count(d) AS n
           }
           RETURN n`,
          { id },
        ),
      );
      return Number(res.records[0]?.get('n') ?? 0);
    },
  };
}
