/**
 * The erasures that touched a set of nodes: `(e:ErasureRequest)-[r]->(x)` for each node `x`,
 * whatever `r` is (ERASES, DELETION_COMMIT, SHREDDED, SUPERSEDED, FLAGGED, ...). Nodes are
 * looked up by label and id, each label through its unique-id index, in one read.
 */
import { NodeLabel } from '../graph-model.js';
import type { GraphClient } from '../graph-client.js';

export interface ErasureSummaryRecord {
  id: string;
  subjectId: string | null;
  state: string | null;
  reason: string | null;
  requestedBy: string | null;
  approvedBy: string | null;
  createdAt: string | null;
}

export interface ErasureTouchRecord {
  erasure: ErasureSummaryRecord;
  /** The nodes it touched among those asked about, with the relationship type that says how. */
  touched: { relation: string; label: string; id: string }[];
}

export interface ErasureTouchGraph {
  /** The erasures with an edge to any of `nodes`, oldest first; at most `MAX_ERASURE_TOUCHES` edges are read. */
  erasuresTouching(nodes: readonly { label: string; id: string }[]): Promise<ErasureTouchRecord[]>;
}

export const MAX_ERASURE_TOUCHES = 10_000;

const LABELS = new Set<string>(Object.values(NodeLabel));

export function createNeo4jErasureTouchGraph(graph: GraphClient): ErasureTouchGraph {
  return {
    async erasuresTouching(nodes) {
      const byLabel = new Map<string, string[]>();
      for (const n of nodes) if (LABELS.has(n.label)) byLabel.set(n.label, [...(byLabel.get(n.label) ?? []), n.id]);
      if (byLabel.size === 0) return [];
      const found = new Map<string, ErasureTouchRecord>();
      await graph.read(async (tx) => {
        found.clear();
        for (const [label, ids] of byLabel) {
          // `label` is one of the graph's own labels (checked above), never text from a request.
          const res = await tx.run(
            `MATCH (x:${label}) WHERE x.id IN $ids
             MATCH (e:ErasureRequest)-[r]->(x)
             RETURN e, type(r) AS relation, x.id AS id LIMIT $limit`,
            { ids, limit: MAX_ERASURE_TOUCHES },
          );
          for (const rec of res.records) {
            const erasure = toErasureSummary(rec.get('e'));
            const entry = found.get(erasure.id) ?? { erasure, touched: [] };
            entry.touched.push({ relation: String(rec.get('relation')), label, id: String(rec.get('id')) });
            found.set(erasure.id, entry);
          }
        }
      });
      return [...found.values()].sort((a, b) => (a.erasure.createdAt ?? '').localeCompare(b.erasure.createdAt ?? '') || a.erasure.id.localeCompare(b.erasure.id));
    },
  };
}

function toErasureSummary(node: unknown): ErasureSummaryRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  const text = (v: unknown) => (v === undefined || v === null ? null : String(v));
  return {
    id: String(x.id),
    subjectId: text(x.subjectId),
    state: text(x.state),
    reason: text(x.reason),
    requestedBy: text(x.requestedBy),
    approvedBy: text(x.approvedBy),
    createdAt: text(x.createdAt),
  };
}
