/**
 * What a page of file versions links to, read for all of them at once: the commits each is
 * in, the datums that read it and the datums that produced it. One query per kind of link,
 * however many file versions, each list bounded.
 */
import type { GraphClient } from '../graph-client.js';
import { toCommit } from '../pfs/commit-graph.js';
import type { CommitRecord } from '../pfs/pfs-records.js';
import { toDatum } from '../pipelines/datum-graph.js';
import type { DatumRecord } from '../pipelines/pipeline-records.js';

/** A datum with the pipeline of its job (`project/name`), which names its project. */
export type LinkedDatum = DatumRecord & { pipelineId: string };

export interface FileVersionLinks {
  /** The commits each file version is in, oldest first, at most `limit` each. */
  commitsOf(ids: readonly string[], limit: number): Promise<Map<string, CommitRecord[]>>;
  /** The datums that read each file version, by datum id, at most `limit` each. */
  readersOf(ids: readonly string[], limit: number): Promise<Map<string, LinkedDatum[]>>;
  /** The datums that wrote each file version, by datum id, at most `limit` each. */
  producersOf(ids: readonly string[], limit: number): Promise<Map<string, LinkedDatum[]>>;
}

const MAX_LINKS = 10_000;

export function createNeo4jFileVersionLinks(graph: GraphClient): FileVersionLinks {
  const grouped = async <T>(cypher: string, ids: readonly string[], limit: number, map: (item: Record<string, unknown>) => T) => {
    const res = await graph.read((tx) => tx.run(cypher, { ids: [...new Set(ids)], limit: Math.min(Math.max(1, Math.trunc(limit)), MAX_LINKS) }));
    return new Map(res.records.map((r) => [String(r.get('id')), (r.get('items') as Record<string, unknown>[]).map(map)]));
  };
  const datums = (pattern: string) => `UNWIND $ids AS id
     MATCH (fv:FileVersion {id: id})
     CALL (fv) {
       MATCH ${pattern}
       OPTIONAL MATCH (d)-[:OF_JOB]->(j:Job)
       RETURN d, j.pipelineId AS pipelineId ORDER BY d.id LIMIT $limit
     }
     RETURN id, collect({d: d, pipelineId: pipelineId}) AS items`;
  const toLinkedDatum = (item: Record<string, unknown>): LinkedDatum => ({ ...toDatum(item.d), pipelineId: String(item.pipelineId ?? '') });

  return {
    commitsOf: (ids, limit) =>
      grouped(
        `UNWIND $ids AS id
         MATCH (fv:FileVersion {id: id})
         CALL (fv) { MATCH (fv)-[:IN_COMMIT]->(c:Commit) RETURN c ORDER BY c.createdAt, c.id LIMIT $limit }
         RETURN id, collect({c: c}) AS items`,
        ids,
        limit,
        (item) => toCommit(item.c),
      ),
    readersOf: (ids, limit) => grouped(datums('(fv)-[:INPUT_OF]->(d:Datum)'), ids, limit, toLinkedDatum),
    producersOf: (ids, limit) => grouped(datums('(d:Datum)-[:PRODUCED]->(fv)'), ids, limit, toLinkedDatum),
  };
}
