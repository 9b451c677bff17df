/**
 * Lineage around any file version, commit, datum, job, pipeline version, model version,
 * decision or subject: one bounded, cycle-safe read (see lineage-cypher.ts).
 */
import { NotFoundError } from '../../core/errors.js';
import type { GraphClient } from '../graph-client.js';
import { lineageCypher } from './lineage-cypher.js';
import { lineageParams, validateLineageQuery, type LineageQuery, type LineageResult, type ValidLineageQuery } from './lineage-records.js';
import { toLineageResult, type LineageEdgeRow, type LineageNodeRow } from './lineage-rows.js';

export interface LineageGraph {
  /**
   * The nodes and edges within `depth` hops of the start, nearest first, at most `limit` of
   * them. UPSTREAM walks against the data flow (where it came from), DOWNSTREAM with it (what
   * came of it), BOTH both. Each node carries its display properties, or every property with
   * `properties: true`. Throws NOT_FOUND when the start (or the `asOf` commit) does not
   * exist, or did not exist yet as of that commit; INVALID_ARGUMENT when a bound is broken.
   */
  lineage(query: LineageQuery): Promise<LineageResult>;
}

export function createNeo4jLineageGraph(graph: GraphClient): LineageGraph {
  return {
    async lineage(query) {
      const q = validateLineageQuery(query);
      const res = await graph.read((tx) => tx.run(lineageCypher(q.direction, q.depth, q.label), lineageParams(q)));
      const rec = res.records[0];
      if (!rec) throw await whyNoLineage(graph, q);
      return toLineageResult(rec.get('nodes') as LineageNodeRow[], rec.get('edges') as LineageEdgeRow[], Boolean(rec.get('truncated')), q.properties);
    },
  };
}

/** The lineage statement returns no row when its start is missing: say which way. */
async function whyNoLineage(graph: GraphClient, q: ValidLineageQuery): Promise<NotFoundError> {
  const res = await graph.read((tx) =>
    tx.run(
      `OPTIONAL MATCH (n:${q.label} {id: $id})
       OPTIONAL MATCH (c:Commit {id: $asOf})
       RETURN n IS NOT NULL AS found, coalesce(n.createdAt, n.madeAt) AS bornAt,
              c IS NOT NULL AS asOfFound, coalesce(c.finishedAt, c.createdAt) AS asOfTime`,
      { id: q.id, asOf: q.asOf },
    ),
  );
  const rec = res.records[0];
  const node = `${q.label} ${q.id}`;
  if (!rec?.get('found')) return new NotFoundError(`${node} does not exist`, { label: q.label, id: q.id });
  if (!rec.get('asOfFound')) return new NotFoundError(`asOf: commit ${q.asOf} does not exist`, { argument: 'asOf', commit: q.asOf });
  return new NotFoundError(`${node} did not exist yet as of commit ${q.asOf}: it came into the graph at ${rec.get('bornAt')}, after that commit (${rec.get('asOfTime')})`, {
    label: q.label,
    id: q.id,
    commit: q.asOf,
  });
}
