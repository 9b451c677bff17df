/**
 * The lineage statement's answer, read back: nodes come as compact rows
 * `[label index, id, depth, project, properties or null, display values or null]` and edges as
 * `[type, from index, to index]` into the nodes, which keeps a large answer cheap to send and
 * decode; here they become records, each edge naming its ends by id and label and by their
 * positions among the nodes.
 */
import { LINEAGE_DISPLAY_PROPERTIES, LINEAGE_LABELS, type LineageEdgeRecord, type LineageNodeRecord, type LineageResult } from './lineage-records.js';

/** A node row as the statement returns it. */
export type LineageNodeRow = [label: number | null, id: string, depth: number, project: string | null, properties: Record<string, unknown> | null, display: unknown[] | null];
/** An edge row as the statement returns it. */
export type LineageEdgeRow = [type: string, from: number, to: number];

/**
 * The records of a statement's `nodes`, `edges` and `truncated`. Rows of a node without a
 * lineage label (none are walked to) are dropped with their edges.
 */
export function toLineageResult(nodeRows: readonly LineageNodeRow[], edgeRows: readonly LineageEdgeRow[], truncated: boolean, allProperties: boolean): LineageResult {
  const nodes: LineageNodeRecord[] = [];
  /** Row index to position in `nodes`, for the rows kept. */
  const positions = nodeRows.map((row) => {
    const node = toNode(row, allProperties);
    return node ? nodes.push(node) - 1 : undefined;
  });
  const edges: LineageEdgeRecord[] = [];
  for (const [type, fromRow, toRow] of edgeRows) {
    const [fromIndex, toIndex] = [positions[Number(fromRow)], positions[Number(toRow)]];
    if (fromIndex === undefined || toIndex === undefined) continue;
    const [from, to] = [nodes[fromIndex]!, nodes[toIndex]!];
    edges.push({ type, from: from.id, fromLabel: from.label, to: to.id, toLabel: to.label, fromIndex, toIndex });
  }
  return { nodes, edges, truncated, properties: allProperties ? 'all' : 'display' };
}

function toNode([labelIndex, id, depth, project, properties, display]: LineageNodeRow, allProperties: boolean): LineageNodeRecord | undefined {
  const label = labelIndex === null ? undefined : LINEAGE_LABELS[Number(labelIndex)];
  if (label === undefined) return undefined;
  return { label, id, depth: Number(depth), project: project ?? null, properties: allProperties && properties ? properties : displayProperties(label, display ?? []) };
}

/** The display values of a node by name, those it has. */
function displayProperties(label: LineageNodeRecord['label'], values: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  LINEAGE_DISPLAY_PROPERTIES[label].forEach((name, i) => {
    const value = values[i];
    if (value !== null && value !== undefined) out[name] = value;
  });
  return out;
}
