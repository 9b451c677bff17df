/**
 * A lineage report: the upstream and downstream graph of one node, read from the lineage
 * graph, each node marked by where it stands from the root, and the erasures that touched
 * the root or anything in its lineage. The HTML page and the JSON format both show this.
 */
import { nodeCaption } from './node-caption.js';
import { nodeProject } from './node-project.js';

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

/** What a lineage query asks: the node (graph label and `id` property), the direction and the depth. */
export interface LineageRequest {
  label: string;
  id: string;
  direction: LineageDirection;
  depth: number;
}

/** What a lineage query answers (the `{nodes, edges, truncated}` of `graph-schema/lineage`). */
export interface LineageResult {
  /** `project`: the project the node belongs to, when the lineage graph says (null for none). */
  nodes: { label: string; id: string; properties: Record<string, unknown>; project?: string | null }[];
  /** `from`/`to`: node ids, or `Label:id`; `fromLabel`/`toLabel` name the labels when given. */
  edges: { type: string; from: string; to: string; fromLabel?: string; toLabel?: string }[];
  truncated: boolean;
}

/** Where lineage comes from: `createNeo4jLineageGraph(graph)` is one. */
export interface LineageSource {
  lineage(req: LineageRequest): Promise<LineageResult>;
}

/** An erasure and the nodes of a lineage it touched, with the relationship that says how. */
export interface ErasureTouch {
  erasure: { id: string; subjectId: string | null; state: string | null; reason: string | null; requestedBy: string | null; approvedBy: string | null; createdAt: string | null };
  touched: { relation: string; label: string; id: string }[];
}

/** Where the erasures touching a set of nodes come from: `(:ErasureRequest)-[r]->(x)`. */
export interface ErasureTouchSource {
  erasuresTouching(nodes: readonly { label: string; id: string }[]): Promise<ErasureTouch[]>;
}

/** Which side of the root a node is on, as the lineage graph answered: both when it is on each side. */
export type LineageRole = 'root' | 'upstream' | 'downstream' | 'both';

export interface ReportNode {
  /** `Label:id`, unique in the report. */
  key: string;
  label: string;
  id: string;
  /** The Relay global id, when the caller can make one (the API's `node(id)` takes it). */
  globalId: string | null;
  /** A short name for the drawing. */
  caption: string;
  /** The project it belongs to; null for nodes of none (subjects) or when unknown. */
  project: string | null;
  role: LineageRole;
  properties: Record<string, unknown>;
}

export interface ReportEdge {
  type: string;
  /** Keys of the nodes it joins, in the direction data flows. */
  from: string;
  to: string;
}

export interface LineageReport {
  title: string;
  generatedAt: string;
  root: ReportNode;
  direction: LineageDirection;
  depth: number;
  nodes: ReportNode[];
  edges: ReportEdge[];
  /** True when the lineage had more nodes than the query's limit: the drawing is partial. */
  truncated: boolean;
  erasures: ErasureTouch[];
}

export interface LineageReportDeps {
  lineage: LineageSource;
  erasures: ErasureTouchSource;
  /** Relay global ids for nodes, when known (the API passes its encoder). */
  globalIdOf?: (label: string, id: string) => string | null;
  clock?: () => Date;
}

/**
 * Reads the lineage of `req` and the erasures that touched it, and puts them in report form.
 * For both directions it asks upstream and downstream apart, so each node's position is the
 * lineage graph's own answer, whatever its edges' types mean.
 */
export async function buildLineageReport(deps: LineageReportDeps, req: LineageRequest): Promise<LineageReport> {
  const sides: Exclude<LineageDirection, 'BOTH'>[] = req.direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [req.direction];
  const results = await Promise.all(sides.map((direction) => deps.lineage.lineage({ ...req, direction })));
  const rootKey = `${req.label}:${req.id}`;
  const roles = new Map<string, LineageRole>();
  const found = new Map<string, LineageResult['nodes'][number]>();
  const edges = new Map<string, ReportEdge>();
  results.forEach((result, i) => {
    const side = sides[i] === 'UPSTREAM' ? 'upstream' : 'downstream';
    const keyOf = endpointKeys(result.nodes);
    for (const n of result.nodes) {
      const key = `${n.label}:${n.id}`;
      found.set(key, n);
      const before = roles.get(key);
      roles.set(key, key === rootKey ? 'root' : before && before !== side ? 'both' : side);
    }
    for (const e of result.edges) {
      const from = keyOf(e.from, e.fromLabel);
      const to = keyOf(e.to, e.toLabel);
      if (from && to) edges.set(`${e.type} ${from} ${to}`, { type: e.type, from, to });
    }
  });
  const toReportNode = (key: string, n: LineageResult['nodes'][number]): ReportNode => ({
    key,
    label: n.label,
    id: n.id,
    globalId: deps.globalIdOf?.(n.label, n.id) ?? null,
    caption: nodeCaption(n.label, n.id, n.properties),
    project: n.project !== undefined ? n.project : nodeProject(n),
    role: roles.get(key) ?? 'root',
    properties: plainProperties(n.properties),
  });
  const root = toReportNode(rootKey, found.get(rootKey) ?? { label: req.label, id: req.id, properties: {} });
  const nodes = [root, ...[...found].filter(([key]) => key !== rootKey).map(([key, n]) => toReportNode(key, n))];
  const erasures = await deps.erasures.erasuresTouching(nodes.map((n) => ({ label: n.label, id: n.id })));
  return {
    title: `Lineage of ${root.label} ${root.caption}`,
    generatedAt: (deps.clock?.() ?? new Date()).toISOString(),
    root,
    direction: req.direction,
    depth: req.depth,
    nodes,
    edges: [...edges.values()],
    truncated: results.some((r) => r.truncated),
    erasures,
  };
}

/**
 * The node an edge endpoint names: its id with the label given beside it, `Label:id`, or a
 * bare id (unique in practice: ids are hashes or UUIDs). Endpoints naming no node of the
 * result are dropped.
 */
function endpointKeys(nodes: LineageResult['nodes']): (endpoint: string, label?: string) => string | undefined {
  const byKey = new Set(nodes.map((n) => `${n.label}:${n.id}`));
  const byId = new Map<string, string>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, `${n.label}:${n.id}`);
  return (endpoint, label) => {
    if (label !== undefined && byKey.has(`${label}:${endpoint}`)) return `${label}:${endpoint}`;
    return byKey.has(endpoint) ? endpoint : byId.get(endpoint);
  };
}

/** Properties as JSON can hold them: driver integers and temporal values become numbers and ISO text. */
function plainProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const plain = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(plain);
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return v.toISOString();
    if (v !== null && typeof v === 'object') {
      const o = v as { toNumber?: () => number; toString: () => string };
      if (typeof o.toNumber === 'function') return o.toNumber();
      if (Object.getPrototypeOf(v) !== Object.prototype) return o.toString();
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    }
    return v;
  };
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, plain(v)]));
}
