/**
 * The breadth-first walk of the lineage statement, one side (downstream or upstream) at a
 * time, written out hop by hop: each hop is a subquery that expands the frontier, reads at
 * most `$rowCap` edges, and keeps the nodes not seen before (at most `$limit + 1` in all).
 *
 * What a walk holds stays linear in the nodes it keeps: the nodes seen (a list the `IN` check
 * turns into a set once per hop) and, per hop, the nodes first reached there, each with the
 * edge that reached it. The edges a hop reads are dropped when the hop ends; the edges among
 * the nodes kept are read again once, at the end (see lineage-cypher.ts).
 */
import { FLOW_EDGE_TYPES, REFERENCE_EDGE_TYPES } from './lineage-records.js';

export type WalkSide = 'down' | 'up';

const FLOW = FLOW_EDGE_TYPES.join('|');
const REFERENCE = REFERENCE_EDGE_TYPES.join('|');

/** When a node came into the graph (a decision records when it was made). */
const bornAt = (v: string) => `coalesce(${v}.createdAt, ${v}.madeAt)`;

/** Whether node `v` existed as of `asOfTime` (always, without `asOf`; a node without a time counts as always there). */
export const existedAsOf = (v: string): string => `(asOfTime IS NULL OR ${bornAt(v)} IS NULL OR ${bornAt(v)} <= asOfTime)`;

/** The edge patterns from `f` to `m` that one side walks: flow edges with or against their arrow, reference edges the other way. */
export function walkPatterns(side: WalkSide): [flow: string, reference: string] {
  return side === 'down' ? [`-[r:${FLOW}]->`, `<-[r:${REFERENCE}]-`] : [`<-[r:${FLOW}]-`, `-[r:${REFERENCE}]->`];
}

/**
 * One hop. In scope: `seen` (every node kept so far), `frontier` (the nodes to expand),
 * `layers` (per hop, `[node, edge that reached it]` pairs), `cut` and `asOfTime`. A hop that
 * reads `$rowCap` edges, or reaches more nodes than the limit leaves room for, sets `cut`; the
 * latter also empties the frontier, so the hops after it read nothing.
 */
function hopClause(side: WalkSide): string {
  const [flow, reference] = walkPatterns(side);
  return `CALL (seen, frontier, asOfTime) {
      UNWIND frontier AS f
      CALL (f) { MATCH (f)${flow}(m) RETURN r, m UNION ALL MATCH (f)${reference}(m) RETURN r, m }
      WITH r, m WHERE ${existedAsOf('m')}
      LIMIT $rowCap
      WITH m, head(collect(r)) AS r, count(*) AS reads
      WITH collect([m, r]) AS reached, sum(reads) AS reads
      WITH reads, [p IN reached WHERE NOT p[0] IN seen] AS fresh
      RETURN reads >= $rowCap AS full, size(seen) + size(fresh) > $limit AS over, fresh[0..($limit + 1 - size(seen))] AS layer
    }
    WITH asOfTime, seen + [p IN layer | p[0]] AS seen, CASE WHEN over THEN [] ELSE [p IN layer | p[0]] END AS frontier,
         layers + [layer] AS layers, cut OR full OR over AS cut`;
}

/**
 * One side's walk of `depth` hops from `start`, as a subquery returning `<side>Layers`
 * (`layers[d]`: the `[node, edge]` pairs first reached at hop d; the start alone at 0) and
 * `<side>Cut` (whether a bound left nodes out).
 */
export function walkClause(side: WalkSide, depth: number): string {
  const hops = Array.from({ length: depth }, () => hopClause(side)).join('\n    ');
  return `CALL (start, asOfTime) {
    WITH asOfTime, [start] AS seen, [start] AS frontier, [[[start, null]]] AS layers, false AS cut
    ${hops}
    RETURN layers AS ${side}Layers, cut AS ${side}Cut
  }`;
}
