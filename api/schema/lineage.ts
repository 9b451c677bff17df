/**
 * The `lineage` query: the nodes and edges around any file version, commit, datum, job,
 * pipeline version, model version, decision or subject, bounded in depth and size, as the
 * graph stands or stood at a past commit. Nodes of projects the request may not read are
 * left out and counted in `hidden`.
 */
import { ForbiddenError, InvalidArgumentError } from '../../core/errors.js';
import { createNeo4jLineageGraph, isLineageLabel, LINEAGE_BOUNDS, LINEAGE_LABELS, type LineageLabel } from '../../graph-schema/lineage/index.js';
import { refusalMessage } from '../auth/policy.js';
import { readable } from './auth-scopes.js';
import { builder } from './builder.js';
import { commitIdArg } from './commit.js';
import './commit-links.js';
import './file-version.js';
import { decodeStemmaGlobalId } from './global-id.js';
import { selectsNodeProperties } from './lineage-selection.js';
import { lineageCaption, viewLineage, type LineageEdgeView, type LineageNodeView, type LineageView } from './lineage-view.js';

const LineageDirectionEnum = builder.enumType('LineageDirection', {
  values: {
    UPSTREAM: { value: 'UPSTREAM' as const, description: 'Where it came from: against the data flow.' },
    DOWNSTREAM: { value: 'DOWNSTREAM' as const, description: 'What came of it: with the data flow.' },
    BOTH: { value: 'BOTH' as const, description: 'Upstream and downstream.' },
  },
});

const typeNames: Record<LineageLabel, string> = {
  FileVersion: 'FILE_VERSION',
  Commit: 'COMMIT',
  Datum: 'DATUM',
  Job: 'JOB',
  PipelineVersion: 'PIPELINE_VERSION',
  ModelVersion: 'MODEL_VERSION',
  Decision: 'DECISION',
  Subject: 'SUBJECT',
};

const LineageNodeTypeEnum = builder.enumType('LineageNodeType', {
  values: Object.fromEntries(LINEAGE_LABELS.map((label) => [typeNames[label], { value: label }])) as Record<string, { value: LineageLabel }>,
});

const LineageNodeRef = builder.objectRef<LineageNodeView>('LineageNode').implement({
  description: 'A node of a lineage answer.',
  fields: (t) => ({
    id: t.exposeID('globalId', { description: 'Its global node id (what `node(id:)` takes).' }),
    type: t.field({ type: LineageNodeTypeEnum, resolve: (n) => n.label }),
    label: t.string({ description: 'A short name for people: `project/repo:/path`, `project/pipeline job <id>`, ...', resolve: (n) => lineageCaption(n) }),
    properties: t.field({ type: 'JSON', description: 'Its properties in the graph.', resolve: (n) => n.properties }),
    depth: t.exposeInt('depth', { description: 'Hops from the start node (0 for the start).' }),
    project: t.exposeString('project', { nullable: true, description: 'Its project; null for a subject, which belongs to none.' }),
    // A type this server does not serve as a Node resolves to null.
    node: t.node({ id: (n) => (builder.configStore.hasImplementation(n.label) ? n.globalId : null) }),
  }),
});

const LineageEdgeRef = builder.objectRef<LineageEdgeView>('LineageEdge').implement({
  description: 'An edge of the graph between two nodes of the answer, as stored: `from` is the start of the relationship (a datum OF_JOB its job).',
  fields: (t) => ({
    type: t.exposeString('type', { description: 'INPUT_OF, PRODUCED, PROVENANCE, IN_COMMIT, OF_JOB, RAN, ...' }),
    from: t.exposeID('from'),
    to: t.exposeID('to'),
  }),
});

const LineageRef = builder.objectRef<LineageView>('Lineage').implement({
  description: 'The nodes within `depth` hops of a start node, nearest first, and the edges among them.',
  fields: (t) => ({
    nodes: t.field({ type: [LineageNodeRef], resolve: (l) => l.nodes }),
    edges: t.field({ type: [LineageEdgeRef], resolve: (l) => l.edges }),
    truncated: t.exposeBoolean('truncated', { description: 'True when the node limit left out nodes within the depth.' }),
    hidden: t.exposeInt('hidden', { description: 'Nodes left out because the request may not read their project.' }),
  }),
});

/** The start node a global id names; only lineage labels can start a lineage. */
function startOf(globalId: string): { label: LineageLabel; id: string } {
  const { typename, id } = decodeStemmaGlobalId(globalId);
  if (!isLineageLabel(typename)) throw new InvalidArgumentError(`id: a lineage starts at a ${LINEAGE_LABELS.join(', ')}; ${globalId} is a ${typename}`, { argument: 'id' });
  return { label: typename, id };
}

const lineageLimit = (limit: number | null | undefined) => Math.min(Math.max(limit ?? LINEAGE_BOUNDS.defaultLimit, 1), LINEAGE_BOUNDS.maxLimit);

builder.queryField('lineage', (t) =>
  t.field({
    type: LineageRef,
    description: `The lineage of a node: what it came from (UPSTREAM), what came of it (DOWNSTREAM) or both, up to \`depth\` hops (1 to ${LINEAGE_BOUNDS.maxDepth}) and \`limit\` nodes (at most ${LINEAGE_BOUNDS.maxLimit}); with \`asOf\`, as the graph stood when that commit was made.`,
    args: {
      id: t.arg.id({ required: true, description: 'The global id of a file version, commit, datum, job, pipeline version, model version, decision or subject.' }),
      direction: t.arg({ type: LineageDirectionEnum, defaultValue: 'BOTH' }),
      depth: t.arg.int({ defaultValue: 3 }),
      types: t.arg({ type: [LineageNodeTypeEnum], description: 'Only nodes of these types (the start node is always returned).' }),
      asOf: t.arg.id({ description: 'A commit id: leave out what came into the graph after that commit was made.' }),
      limit: t.arg.int({ defaultValue: LINEAGE_BOUNDS.defaultLimit, description: `At most this many nodes, the start included (at most ${LINEAGE_BOUNDS.maxLimit}).` }),
    },
    // What it selects is paid for once per node it may return.
    extensions: { complexity: ({ args, childComplexity }: { args: { limit?: number | null }; childComplexity: number }) => 1 + lineageLimit(args.limit) * childComplexity },
    resolve: async (_root, args, ctx, info) => {
      const start = startOf(String(args.id));
      const result = await createNeo4jLineageGraph(ctx.runtime.graph).lineage({
        ...start,
        direction: args.direction ?? 'BOTH',
        depth: args.depth ?? 3,
        types: args.types ?? null,
        asOf: args.asOf == null ? null : commitIdArg('asOf', String(args.asOf)),
        limit: args.limit ?? LINEAGE_BOUNDS.defaultLimit,
        properties: selectsNodeProperties(info),
      });
      const project = result.nodes.find((n) => n.depth === 0)?.project;
      if (project && !readable(ctx, project)) throw new ForbiddenError(refusalMessage(ctx.actor, 'read', project), { action: 'read', project });
      return viewLineage(result, (p) => readable(ctx, p));
    },
  }),
);
