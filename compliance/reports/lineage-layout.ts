/**
 * Places a lineage graph for drawing with dagre's layered (Sugiyama) layout, run here in
 * Node: data flows left to right, each node a box sized to its caption, each edge a polyline
 * between boxes. The page then needs no layout code of its own, and draws without script.
 */
import dagre from '@dagrejs/dagre';

export interface LayoutInput {
  nodes: readonly { key: string; label: string; caption: string }[];
  edges: readonly { from: string; to: string; type: string }[];
}

export interface PlacedNode {
  key: string;
  /** Centre of the box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  type: string;
  points: { x: number; y: number }[];
  /** Where its type is written: space dagre kept free for it. */
  labelAt: { x: number; y: number };
}

export interface LineageLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Box height: two lines of text, the label and the caption. */
export const NODE_HEIGHT = 46;
const CHAR_WIDTH = 7.2;
const MIN_WIDTH = 110;
const PADDING = 24;
/** Edge types are written at 9 px, about 5.5 px a character. */
const EDGE_CHAR_WIDTH = 5.5;

/** A box wide enough for the longer of its two lines (12 px sans-serif, about 7 px a character). */
export function nodeWidth(label: string, caption: string): number {
  return Math.max(MIN_WIDTH, Math.ceil(Math.max(label.length, caption.length) * CHAR_WIDTH + PADDING));
}

export interface LayoutOptions {
  /**
   * Edge types whose arrow points against the data flow (a datum to its job, a model version
   * to its training job): ranked as data flows, so the drawing reads left to right, and drawn
   * with their arrow as stored.
   */
  againstFlow?: (type: string) => boolean;
}

export function layoutLineage(input: LayoutInput, opts: LayoutOptions = {}): LineageLayout {
  const backward = (type: string) => opts.againstFlow?.(type) ?? false;
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.key, { width: nodeWidth(n.label, n.caption), height: NODE_HEIGHT });
  input.edges.forEach((e, i) => {
    if (!g.hasNode(e.from) || !g.hasNode(e.to)) return;
    const [v, w] = backward(e.type) ? [e.to, e.from] : [e.from, e.to];
    g.setEdge(v, w, { width: e.type.length * EDGE_CHAR_WIDTH + 8, height: 12, labelpos: 'c' }, `e${i}`);
  });
  dagre.layout(g);
  const nodes = input.nodes.map((n): PlacedNode => {
    const placed = g.node(n.key) as { x: number; y: number; width: number; height: number };
    return { key: n.key, x: round(placed.x), y: round(placed.y), width: placed.width, height: placed.height };
  });
  const edges = input.edges.flatMap((e, i): PlacedEdge[] => {
    const [v, w] = backward(e.type) ? [e.to, e.from] : [e.from, e.to];
    const placed = g.edge({ v, w, name: `e${i}` }) as { points?: { x: number; y: number }[]; x?: number; y?: number } | undefined;
    if (!placed?.points) return [];
    const ranked = placed.points.map((p) => ({ x: round(p.x), y: round(p.y) }));
    const points = backward(e.type) ? ranked.reverse() : ranked;
    const middle = points[Math.floor(points.length / 2)]!;
    return [{ from: e.from, to: e.to, type: e.type, points, labelAt: { x: round(placed.x ?? middle.x), y: round(placed.y ?? middle.y) } }];
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), nodes, edges };
}

const round = (v: number): number => Math.round(v * 10) / 10;
