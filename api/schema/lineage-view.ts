/**
 * What a request sees of a lineage: the nodes of the projects it may read (a subject, which
 * belongs to no project, when it touches one of them), the edges between those, global ids,
 * and how many nodes were hidden. The walk itself goes through hidden nodes; they are left
 * out of the answer, not out of the graph.
 */
import type { LineageNodeRecord, LineageResult } from '../../graph-schema/lineage/index.js';
import { encodeStemmaGlobalId } from './global-id.js';

/** A node as the request sees it: its record, and its global id. */
export interface LineageNodeView extends LineageNodeRecord {
  /** Relay global id. */
  globalId: string;
}

export interface LineageEdgeView {
  type: string;
  from: string;
  to: string;
}

export interface LineageView {
  nodes: LineageNodeView[];
  edges: LineageEdgeView[];
  truncated: boolean;
  /** Nodes left out because the request may not read their project. */
  hidden: number;
}

/** The view of a lineage for a request that may read the projects `mayRead` allows. Nodes and edges are matched by position, not by id. */
export function viewLineage(result: LineageResult, mayRead: (project: string) => boolean): LineageView {
  const readableProject = memoized(mayRead);
  const inReadable = result.nodes.map((n) => n.project !== null && readableProject(n.project));
  const touchesReadable = result.nodes.map(() => false);
  for (const e of result.edges) {
    if (inReadable[e.toIndex]) touchesReadable[e.fromIndex] = true;
    if (inReadable[e.fromIndex]) touchesReadable[e.toIndex] = true;
  }
  const globalIds: (string | undefined)[] = result.nodes.map((n, i) =>
    inReadable[i] || (n.project === null && (n.depth === 0 || touchesReadable[i])) ? encodeStemmaGlobalId(n.label, n.id) : undefined,
  );
  const nodes: LineageNodeView[] = [];
  result.nodes.forEach((n, i) => {
    const globalId = globalIds[i];
    if (globalId !== undefined) nodes.push({ ...n, globalId });
  });
  const edges: LineageEdgeView[] = [];
  for (const e of result.edges) {
    const [from, to] = [globalIds[e.fromIndex], globalIds[e.toIndex]];
    if (from !== undefined && to !== undefined) edges.push({ type: e.type, from, to });
  }
  return { nodes, edges, truncated: result.truncated, hidden: result.nodes.length - nodes.length };
}

/** `fn` asked once per distinct argument. */
function memoized<T>(fn: (arg: string) => T): (arg: string) => T {
  const answers = new Map<string, T>();
  return (arg) => {
    if (!answers.has(arg)) answers.set(arg, fn(arg));
    return answers.get(arg)!;
  };
}

/** A short name of a lineage node, from its properties. */
export function lineageCaption(n: Pick<LineageNodeRecord, 'label' | 'id' | 'properties'>): string {
  const p = (name: string) => String(n.properties[name] ?? '');
  const short = (value: string) => value.slice(0, 12);
  switch (n.label) {
    case 'FileVersion':
      return `${p('repoId')}:${p('path')}`;
    case 'Commit':
      return `${p('repoId')}@${n.id}`;
    case 'Datum':
      return `datum ${short(p('datumKey'))} of job ${short(p('jobId'))}`;
    case 'Job':
      return `${p('pipelineId')} job ${short(n.id)}`;
    case 'PipelineVersion':
      return `${p('pipelineId')} v${p('version')}`;
    case 'ModelVersion':
      return `${p('modelId')} v${p('version')}`;
    case 'Decision':
      return `decision ${short(n.id)} about ${p('subjectId')}`;
    case 'Subject':
      return `subject ${n.id}`;
  }
}
