/**
 * The lineage query's vocabulary: where it may start, which edges it walks and which way data
 * flows along each, its bounds, and the shape of its answer.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import { NodeLabel, RelType } from '../graph-model.js';

/** The node labels a lineage can start at and return. */
export const LINEAGE_LABELS = [
  NodeLabel.FileVersion,
  NodeLabel.Commit,
  NodeLabel.Datum,
  NodeLabel.Job,
  NodeLabel.PipelineVersion,
  NodeLabel.ModelVersion,
  NodeLabel.Decision,
  NodeLabel.Subject,
] as const;
export type LineageLabel = (typeof LINEAGE_LABELS)[number];

export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';

/** Edges whose arrow points the way data flows: input -> datum -> output, subject -> record, file -> commit. */
export const FLOW_EDGE_TYPES = [RelType.INPUT_OF, RelType.PRODUCED, RelType.PROVENANCE, RelType.SUBJECT_OF, RelType.DECIDED, RelType.IN_COMMIT] as const;

/**
 * Edges that point from a thing to what made it or what it is about (datum -> job, job ->
 * pipeline version, model version -> training job and files, decision -> model version and
 * subject): data flows against their arrow.
 */
export const REFERENCE_EDGE_TYPES = [RelType.OF_JOB, RelType.RAN, RelType.TRAINED_BY, RelType.MADE_BY, RelType.ABOUT, RelType.HAS_FILE] as const;

/** A lineage of more than 100 nodes is already a large picture: more is asked for, not given by default. */
export const LINEAGE_BOUNDS = { maxDepth: 20, defaultLimit: 100, maxLimit: 5_000 } as const;

/** How many edges one hop may read per node kept: a node with a huge fan-out is cut, not read whole. */
export const EDGES_READ_PER_NODE = 4;

/**
 * How many edges of a kept node, each way, are read to find the edges among the kept nodes
 * (besides the edge that reached each node, which is always returned): an edge between two
 * nodes that each have more is left out.
 */
export const EDGES_CHECKED_PER_NODE = 32;

/**
 * The properties a lineage node carries unless every property is asked for: what names it for
 * people (see `lineageCaption` in the API and `nodeCaption` in the reports).
 */
export const LINEAGE_DISPLAY_PROPERTIES: Readonly<Record<LineageLabel, readonly string[]>> = {
  FileVersion: ['repoId', 'path'],
  Commit: ['repoId'],
  Datum: ['jobId', 'datumKey'],
  Job: ['pipelineId'],
  PipelineVersion: ['pipelineId', 'version'],
  ModelVersion: ['modelId', 'version'],
  Decision: ['subjectId'],
  Subject: [],
};

export interface LineageQuery {
  label: LineageLabel;
  /** The `id` property of the start node. */
  id: string;
  direction: LineageDirection;
  /** Hops from the start, 1 to 20. */
  depth: number;
  /** Only nodes with these labels (the start node is always returned). */
  types?: readonly LineageLabel[] | null;
  /** A commit id: the graph as it stood when that commit was made. */
  asOf?: string | null;
  /** At most this many nodes, start included (default 100, at most 5,000). */
  limit?: number | null;
  /** Every property of each node; by default only its display properties (LINEAGE_DISPLAY_PROPERTIES). */
  properties?: boolean | null;
}

export interface LineageNodeRecord {
  label: LineageLabel;
  id: string;
  /** Every property when the query asked for them, else its display properties (those it has). */
  properties: Record<string, unknown>;
  /** Hops from the start (0 for the start itself). */
  depth: number;
  /** The project the node belongs to; null for a subject, which belongs to none. */
  project: string | null;
}

export interface LineageEdgeRecord {
  /** The relationship type, e.g. INPUT_OF. */
  type: string;
  /** Ids of the relationship's start and end nodes, as stored (not re-oriented). */
  from: string;
  to: string;
  fromLabel: LineageLabel;
  toLabel: LineageLabel;
  /** The positions of its start and end in the result's `nodes`. */
  fromIndex: number;
  toIndex: number;
}

export interface LineageResult {
  nodes: LineageNodeRecord[];
  edges: LineageEdgeRecord[];
  /** True when the node limit (or a node's fan-out) left out nodes within the depth. */
  truncated: boolean;
  /** Which properties the nodes carry: every one, or their display properties. */
  properties: 'all' | 'display';
}

export interface ValidLineageQuery {
  label: LineageLabel;
  id: string;
  direction: LineageDirection;
  depth: number;
  types: LineageLabel[] | null;
  asOf: string | null;
  limit: number;
  properties: boolean;
}

export function isLineageLabel(value: string): value is LineageLabel {
  return (LINEAGE_LABELS as readonly string[]).includes(value);
}

/** Checks the bounds and names; throws INVALID_ARGUMENT naming the argument that is wrong. */
export function validateLineageQuery(q: LineageQuery): ValidLineageQuery {
  if (!isLineageLabel(q.label)) throw new InvalidArgumentError(`label: lineage starts at a ${LINEAGE_LABELS.join(', ')}; got ${JSON.stringify(q.label)}`, { argument: 'label' });
  if (!['UPSTREAM', 'DOWNSTREAM', 'BOTH'].includes(q.direction)) throw new InvalidArgumentError(`direction: must be UPSTREAM, DOWNSTREAM or BOTH; got ${JSON.stringify(q.direction)}`, { argument: 'direction' });
  const depth = boundedInt('depth', q.depth, LINEAGE_BOUNDS.maxDepth);
  const limit = boundedInt('limit', q.limit ?? LINEAGE_BOUNDS.defaultLimit, LINEAGE_BOUNDS.maxLimit);
  const unknown = (q.types ?? []).filter((t) => !isLineageLabel(t));
  if (unknown.length > 0) throw new InvalidArgumentError(`types: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among ${LINEAGE_LABELS.join(', ')}`, { argument: 'types' });
  return { label: q.label, id: q.id, direction: q.direction, depth, limit, types: q.types ? [...q.types] : null, asOf: q.asOf ?? null, properties: q.properties === true };
}

function boundedInt(name: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(`${name}: must be an integer from 1 to ${max}; got ${value}`, { argument: name, limit: max });
  }
  return value;
}

/** The parameters of the statement `lineageCypher` returns, for a validated query. */
export function lineageParams(q: ValidLineageQuery): Record<string, unknown> {
  return {
    label: q.label,
    id: q.id,
    asOf: q.asOf,
    types: q.types,
    labels: [...LINEAGE_LABELS],
    display: LINEAGE_LABELS.map((l) => [...LINEAGE_DISPLAY_PROPERTIES[l]]),
    allProperties: q.properties,
    limit: q.limit,
    rowCap: q.limit * EDGES_READ_PER_NODE,
    edgeCap: EDGES_CHECKED_PER_NODE,
  };
}
