/**
 * The one statement a lineage query runs. The start node is found by its unique `id` index;
 * from there each side is a breadth-first walk, written out hop by hop (lineage-walk-cypher.ts),
 * that expands only the nodes it has not seen, so cycles end and no node is expanded twice.
 * A hop reads at most `$rowCap` edges and a walk keeps at most `$limit + 1` nodes: the work is
 * bounded by the limit, not by the graph's size, and no label is ever scanned.
 *
 * Memory stays linear in the nodes kept. Neo4j counts a row an operator buffers (a sort, a
 * limit) at the full size of every value it holds, so a row that carried a walk's lists would
 * cost the whole walk once per row: the square of the limit, which once took 537 MB at
 * `limit: 500` and failed at 1,000. So the walks carry nodes (and the edge that reached each),
 * never the edges they read; the nearest `$limit` nodes are chosen at the top level, over
 * rows that hold a node, its depth and those edges only; the edges among the kept nodes are
 * then read once, at most `$edgeCap` each way per node. Walks are not folded with `reduce`
 * over COLLECT subqueries, which Neo4j also counts once per row.
 *
 * Nodes come back as compact rows `[label index, id, depth, project, every property or null,
 * display values or null]`, edges as `[type, from index, to index]` into the nodes (see
 * lineage-rows.ts): a large answer is dear to decode, and keys and ids repeated cost most.
 *
 * Only the validated depth and a whitelisted label are written into the text; everything else
 * is a parameter (see `lineageParams`). A deep statement takes a while to plan (about a second
 * at depth 20 both ways on a busy machine), once per text: `replan=skip` keeps its cached plan
 * when the graph's counts change, which cannot make index seeks and expands from bound nodes a
 * worse plan.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { FLOW_EDGE_TYPES, isLineageLabel, LINEAGE_BOUNDS, LINEAGE_LABELS, REFERENCE_EDGE_TYPES, type LineageDirection, type LineageLabel } from './lineage-records.js';
import { existedAsOf, walkClause, type WalkSide } from './lineage-walk-cypher.js';

const LINEAGE_EDGES = [...FLOW_EDGE_TYPES, ...REFERENCE_EDGE_TYPES].join('|');

/**
 * The lineage statement for a direction and depth. With `label` the start is matched on that
 * label alone; without, on each lineage label in turn (`$label` picks one), so the same text
 * serves any start.
 */
export function lineageCypher(direction: LineageDirection, depth: number, label?: LineageLabel): string {
  if (!Number.isInteger(depth) || depth < 1 || depth > LINEAGE_BOUNDS.maxDepth) throw new InvalidArgumentError(`depth: must be an integer from 1 to ${LINEAGE_BOUNDS.maxDepth}; got ${depth}`);
  if (label !== undefined && !isLineageLabel(label)) throw new InvalidArgumentError(`label: ${JSON.stringify(label)} is not a lineage label`);
  const sides = sidesOf(direction);
  return `CYPHER replan=skip
${startClause(label)}
OPTIONAL MATCH (asOf:Commit {id: $asOf})
WITH start, asOf, coalesce(asOf.finishedAt, asOf.createdAt) AS asOfTime
WHERE $asOf IS NULL OR (asOf IS NOT NULL AND ${existedAsOf('start')})
${sides.map((side) => walkClause(side, depth)).join('\n')}
WITH [${sides.map((s) => `${s}Layers`).join(', ')}] AS walks, ${sides.map((s) => `${s}Cut`).join(' OR ')} AS cut
${NEAREST_CLAUSES}
${EDGE_CLAUSES}
${NODE_CLAUSES}
RETURN nodes, edges, truncated`;
}

function sidesOf(direction: LineageDirection): WalkSide[] {
  if (direction === 'BOTH') return ['down', 'up'];
  return direction === 'DOWNSTREAM' ? ['down'] : ['up'];
}

function startClause(label: LineageLabel | undefined): string {
  if (label) return `MATCH (start:${label} {id: $id})`;
  const branches = LINEAGE_LABELS.map((l) => `MATCH (n:${l} {id: $id}) WHERE $label = '${l}' RETURN n`);
  return `CALL () {\n  ${branches.join('\n  UNION ALL ')}\n}\nWITH n AS start LIMIT 1`;
}

/**
 * The nearest `$limit` nodes (by depth, then id), each at its least depth over the walks, with
 * the edges that reached it. The walks are unwound at the top level, so the rows sorted hold a
 * node, its depth and its edges, and not the walks themselves.
 */
const NEAREST_CLAUSES = `UNWIND walks AS layers
UNWIND range(0, size(layers) - 1) AS depth
UNWIND layers[depth] AS reached
WITH reached[0] AS n, cut, min(depth) AS depth, collect(reached[1]) AS via
WHERE depth = 0 OR $types IS NULL OR any(l IN labels(n) WHERE l IN $types)
WITH n, depth, via, cut ORDER BY depth, n.id LIMIT $limit + 1
WITH cut, collect(n) AS found, collect(depth) AS depths, collect(via) AS vias
WITH cut OR size(found) > $limit AS truncated, found[0..$limit] AS kept, depths[0..$limit] AS depths, vias[0..$limit] AS vias`;

/**
 * The edges among the kept nodes: those that reached a node, and those read from each kept
 * node, at most `$edgeCap` out and in. Each end is matched to its node's index in `kept` by
 * grouping on the node, so an edge costs three numbers, not two ids and two labels.
 */
const EDGE_CLAUSES = `CALL (kept, vias) {
  CALL (kept, vias) {
    CALL (kept, vias) {
      UNWIND vias AS via UNWIND via AS r RETURN r
      UNION ALL
      UNWIND kept AS a
      CALL (a) { MATCH (a)-[r:${LINEAGE_EDGES}]->() RETURN r LIMIT $edgeCap UNION ALL MATCH (a)<-[r:${LINEAGE_EDGES}]-() RETURN r LIMIT $edgeCap }
      RETURN r
    }
    WITH DISTINCT r
    UNWIND [[startNode(r), 0], [endNode(r), 1]] AS tip
    RETURN tip[0] AS node, null AS index, r, tip[1] AS side
    UNION ALL
    UNWIND range(0, size(kept) - 1) AS i
    RETURN kept[i] AS node, i AS index, null AS r, null AS side
  }
  WITH node, max(index) AS index, collect(CASE WHEN r IS NOT NULL THEN [r, side] END) AS ends
  WHERE index IS NOT NULL
  UNWIND ends AS tip
  WITH tip[0] AS r, max(CASE tip[1] WHEN 0 THEN index END) AS from, max(CASE tip[1] WHEN 1 THEN index END) AS to
  WHERE from IS NOT NULL AND to IS NOT NULL
  RETURN collect([type(r), from, to]) AS edges
}`;

/** One compact row per kept node: every property when `$allProperties`, else the display values of its label. */
const NODE_CLAUSES = `CALL (kept, depths) {
  UNWIND range(0, size(kept) - 1) AS i
  WITH kept[i] AS n, depths[i] AS depth
  WITH n, depth, [l IN range(0, size($labels) - 1) WHERE $labels[l] IN labels(n)][0] AS label
  RETURN collect([
    label, n.id, depth,
    split(CASE WHEN n:Datum THEN [(n)-[:OF_JOB]->(j:Job) | j.pipelineId][0] ELSE coalesce(n.repoId, n.pipelineId, n.modelId, n.modelVersionId) END, '/')[0],
    CASE WHEN $allProperties THEN properties(n) END,
    CASE WHEN NOT $allProperties THEN [k IN $display[label] | n[k]] END
  ]) AS nodes
}`;
