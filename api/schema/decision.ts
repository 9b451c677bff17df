/**
 * Decision: what a model version decided about a data subject, recorded by a serving system
 * (`recordDecision`, `recordDecisions`) or by a pipeline (`decisions:` in its spec); reading
 * and listing decisions, and a model version's decisions. Explanations live in
 * decision-explanation.ts.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { DecisionListOptions } from '../../graph-schema/decisions/index.js';
import { needs } from './auth-scopes.js';
import { builder, type Context } from './builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from './connection-page.js';
import {
  decisionGraph,
  decisionIdArg,
  DecisionConnection,
  DecisionNode,
  modelVersionIdOf,
  projectOfDecision,
  projectOfModelVersionArg,
  readableProjects,
  SubjectNode,
} from './decision-nodes.js';
import { MAX_DECISIONS_PER_CALL, recordDecisionInputs, type RecordDecisionArgs } from './decision-recording.js';
import { DatumNode, ModelVersionNode } from './pipeline-nodes.js';
import './decision-explanation.js';

const DecisionSourceEnum = builder.enumType('DecisionSource', {
  values: {
    API: { value: 'api' as const, description: 'Recorded through recordDecision or recordDecisions.' },
    PIPELINE: { value: 'pipeline' as const, description: "Written by a pipeline's datum under the spec's `decisions.path`." },
  },
});

DecisionNode.implement({
  description: 'What a model version decided about a data subject: its input, its output and, if the model gave one, its explanation.',
  authScopes: (d) => ({ read: projectOfDecision(d) }),
  fields: (t) => ({
    decisionId: t.exposeString('id', { description: 'The decision id (a UUID) the CLI and `explainDecision` take.' }),
    subjectId: t.exposeString('subjectId'),
    subject: t.field({ type: SubjectNode, resolve: (d) => ({ id: d.subjectId }) }),
    modelVersion: t.field({ type: ModelVersionNode, resolve: (d) => d.modelVersionId }),
    input: t.field({ type: 'JSON', resolve: (d) => d.input }),
    output: t.field({ type: 'JSON', resolve: (d) => d.output }),
    explanation: t.field({ type: 'JSON', nullable: true, description: 'Per-feature attributions or whatever the model gave; null when none was recorded.', resolve: (d) => d.explanation }),
    madeAt: t.field({ type: 'DateTime', resolve: (d) => d.madeAt }),
    source: t.field({ type: DecisionSourceEnum, resolve: (d) => d.source }),
    flagged: t.exposeBoolean('flagged', { description: "Flagged by an erasure: the model that made it was trained on an erased subject's records." }),
    flaggedByErasure: t.exposeString('flaggedByErasure', { nullable: true, description: 'The id of the erasure that flagged it.' }),
    datum: t.field({ type: DatumNode, nullable: true, description: 'The datum that wrote it, for a decision a pipeline recorded.', resolve: (d) => d.datumId }),
  }),
});

/** A page of decisions in id order; the cursor is the decision id, so pages stay put as decisions arrive. */
export async function decisionPage(ctx: Context, opts: DecisionListOptions, args: ConnectionArgs) {
  if (args.last != null || args.before != null) throw new InvalidArgumentError('decisions are paged forward: use first and after, not last or before');
  const first = Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
  const list = await decisionGraph(ctx).listDecisions({ ...opts, limit: first + 1, after: args.after ?? undefined });
  const page = list.slice(0, first);
  return {
    edges: page.map((d) => ({ cursor: d.id, node: d })),
    pageInfo: { hasNextPage: list.length > first, hasPreviousPage: Boolean(args.after), startCursor: page[0]?.id ?? null, endCursor: page.at(-1)?.id ?? null },
  };
}

builder.objectField(ModelVersionNode, 'decisions', (t) =>
  t.connection(
    { type: DecisionNode, description: 'The decisions it made, in id order.', resolve: (v, args, ctx) => decisionPage(ctx, { modelVersionId: v.id }, args) },
    DecisionConnection,
  ),
);

const RecordDecisionInput = builder.inputType('RecordDecisionInput', {
  description: 'One decision a model version made about a data subject.',
  fields: (t) => ({
    modelVersion: t.id({ required: true, description: 'Its global id, `project/name@<version number>` or `project/name@<output commit id>`.' }),
    subjectId: t.string({ required: true, description: 'The data subject the decision is about, as its records are tagged.' }),
    input: t.field({ type: 'JSON', required: true, description: 'What the model was given.' }),
    output: t.field({ type: 'JSON', required: true, description: 'What it answered.' }),
    explanation: t.field({ type: 'JSON', description: 'Per-feature attributions, if the model gave them.' }),
    madeAt: t.field({ type: 'DateTime', description: 'When it was made (default: when it is recorded).' }),
  }),
});

const RecordDecisionsResult = builder.objectRef<{ decisionIds: string[] }>('RecordDecisionsResult').implement({
  fields: (t) => ({
    count: t.int({ description: 'How many decisions were recorded.', resolve: (r) => r.decisionIds.length }),
    decisionIds: t.exposeStringList('decisionIds', { description: 'Their ids, in the order of the inputs.' }),
  }),
});

/** Write on the project of every model version the inputs name. */
const onModelProjects = (inputs: readonly RecordDecisionArgs[], where: (i: number) => string) =>
  inputs.map((input, i): ['write', string] => ['write', projectOfModelVersionArg(String(input.modelVersion), `${where(i)}.modelVersion`)]);

builder.mutationFields((t) => ({
  recordDecision: t.field({
    type: DecisionNode,
    description: 'Records one decision of a model version about a data subject (needs write on the model\'s project).',
    args: { input: t.arg({ type: RecordDecisionInput, required: true }) },
    authScopes: needs((args) => onModelProjects([args.input], () => 'input')),
    resolve: async (_root, args, ctx) => (await recordDecisionInputs(ctx, [args.input], () => 'input'))[0]!,
  }),
  recordDecisions: t.field({
    type: RecordDecisionsResult,
    description: `Records up to ${MAX_DECISIONS_PER_CALL.toLocaleString('en')} decisions at once, all or none: a bad input is INVALID_ARGUMENT naming its index and field, an unknown model version NOT_FOUND naming it.`,
    args: { inputs: t.arg({ type: [RecordDecisionInput], required: true }) },
    authScopes: needs((args) => onModelProjects(args.inputs, (i) => `inputs[${i}]`)),
    resolve: async (_root, args, ctx) => ({ decisionIds: (await recordDecisionInputs(ctx, args.inputs, (i) => `inputs[${i}]`)).map((d) => d.id) }),
  }),
}));

builder.queryFields((t) => ({
  decision: t.field({
    type: DecisionNode,
    args: { id: t.arg.id({ required: true, description: 'Its global id or its decision id.' }) },
    resolve: (_root, args, ctx) => decisionGraph(ctx).getDecision(decisionIdArg(String(args.id))),
  }),
  decisions: t.connection(
    {
      type: DecisionNode,
      description: 'Decisions in id order: about a subject, of a model version, or both; of the projects the request may read.',
      args: {
        subjectId: t.arg.string(),
        modelVersion: t.arg.id({ description: 'Its global id, `project/name@<version number>` or its id.' }),
      },
      authScopes: needs((args) => (args.modelVersion ? [['read', projectOfModelVersionArg(String(args.modelVersion), 'modelVersion')]] : [])),
      resolve: async (_root, args, ctx) => {
        const modelVersionId = args.modelVersion ? await modelVersionIdOf(ctx, String(args.modelVersion)) : undefined;
        return decisionPage(ctx, { subjectId: args.subjectId ?? undefined, modelVersionId, projects: readableProjects(ctx) }, args);
      },
    },
    DecisionConnection,
  ),
}));
