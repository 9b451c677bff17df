/**
 * `explainDecision` and `explainModel`: why a model version decided what it did, and what
 * trained it — the training job, its pipeline version (image, cmd, spec hash), its input
 * commits, the records it read and how many data subjects they cover. Each answer is one
 * statement in the graph; every part of it comes back resolved, so no field reads again.
 */
import type { FileVersionRecord } from '../../graph-schema/pfs/index.js';
import { RECORD_SAMPLE_LIMIT, type CountedSample, type DecisionExplanation, type ModelExplanation, type TrainingExplanation } from '../../graph-schema/decisions/index.js';
import { onProject, projectOfRepoId, readable } from './auth-scopes.js';
import { builder } from './builder.js';
import { FileVersionRefType } from './datum-types.js';
import { decisionGraph, decisionIdArg, DecisionNode, modelVersionIdOf, projectOfDecision, projectOfModelVersionArg } from './decision-nodes.js';
import { CommitNode } from './pfs-nodes.js';
import { DatumNode, JobNode, ModelVersionNode, PipelineVersionNode } from './pipeline-nodes.js';

const TrainingRecords = builder.objectRef<CountedSample<FileVersionRecord>>('TrainingRecords').implement({
  description: "The file versions a training job's datums read: how many, and the first of them.",
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Every distinct file version the training datums read.' }),
    sample: t.field({
      type: [FileVersionRefType],
      description: `At most ${RECORD_SAMPLE_LIMIT} of them (of the projects the request may read), by repo and path.`,
      resolve: (r, _args, ctx) => r.sample.filter((f) => readable(ctx, projectOfRepoId(f.repoId))),
    }),
  }),
});

const TrainingExplanationRef = builder.interfaceRef<TrainingExplanation>('TrainingExplanation').implement({
  description: 'What trained a model version.',
  resolveType: (e) => ('decision' in e ? 'DecisionExplanation' : 'ModelExplanation'),
  fields: (t) => ({
    modelVersion: t.field({ type: ModelVersionNode, resolve: (e) => e.modelVersion }),
    trainingJob: t.field({ type: JobNode, nullable: true, description: 'The job that trained the model version.', resolve: (e) => e.trainingJob }),
    pipelineVersion: t.field({
      type: PipelineVersionNode,
      nullable: true,
      description: "The training job's pipeline version: its image, cmd and spec hash.",
      resolve: (e) => e.pipelineVersion,
    }),
    trainingCommits: t.field({
      type: [CommitNode],
      description: "The training job's input commits (of the projects the request may read).",
      resolve: (e, _args, ctx) => e.trainingCommits.filter((c) => readable(ctx, projectOfRepoId(c.repoId))),
    }),
    trainingRecords: t.field({ type: TrainingRecords, resolve: (e) => e.trainingRecords }),
    subjectsCount: t.int({
      description: 'Distinct data subjects whose records the training records are, or were derived from (through up to 10 pipelines upstream).',
      resolve: (e) => e.subjectsCount,
    }),
  }),
});

const DecisionExplanationRef = builder.objectRef<DecisionExplanation>('DecisionExplanation').implement({
  description: 'Why a decision was made: the decision, its explanation, and what trained the model version that made it.',
  interfaces: [TrainingExplanationRef],
  authScopes: (e) => ({ read: projectOfDecision(e.decision) }),
  fields: (t) => ({
    decision: t.field({ type: DecisionNode, resolve: (e) => e.decision }),
    explanation: t.field({ type: 'JSON', nullable: true, description: 'The explanation recorded with the decision, if any.', resolve: (e) => e.decision.explanation }),
    datum: t.field({ type: DatumNode, nullable: true, description: 'The datum that wrote the decision, for a pipeline decision.', resolve: (e) => e.datum?.id ?? null }),
  }),
});

const ModelExplanationRef = builder.objectRef<ModelExplanation>('ModelExplanation').implement({
  description: 'What trained a model version, what it decided, and what replaced it.',
  interfaces: [TrainingExplanationRef],
  authScopes: (e) => ({ read: projectOfRepoId(e.modelVersion.modelId) }),
  fields: (t) => ({
    decisionsCount: t.exposeInt('decisionsCount', { description: 'Decisions recorded against it.' }),
    supersededBy: t.field({ type: ModelVersionNode, nullable: true, description: 'The version that replaced it.', resolve: (e) => e.supersededBy }),
    supersededByErasure: t.boolean({ description: 'Whether an erasure superseded it (its training data held an erased subject).', resolve: (e) => e.supersededByErasure !== null }),
    supersededByErasureId: t.string({ nullable: true, description: 'The id of the erasure that superseded it.', resolve: (e) => e.supersededByErasure }),
  }),
});

builder.queryFields((t) => ({
  explainDecision: t.field({
    type: DecisionExplanationRef,
    description: 'Why a decision was made, in one query: the decision and its explanation, the model version, its training job and pipeline version, the training commits and records, and how many data subjects those cover.',
    args: { id: t.arg.id({ required: true, description: 'The global id or the decision id.' }) },
    resolve: (_root, args, ctx) => decisionGraph(ctx).explainDecision(decisionIdArg(String(args.id))),
  }),
  explainModel: t.field({
    type: ModelExplanationRef,
    description: 'What trained a model version, how many decisions it made, and what superseded it.',
    args: { id: t.arg.id({ required: true, description: 'Its global id, `project/name@<version number>` or `project/name@<output commit id>`.' }) },
    authScopes: onProject('read', (args: { id: string | number }) => projectOfModelVersionArg(String(args.id), 'id')),
    resolve: async (_root, args, ctx) => decisionGraph(ctx).explainModel(await modelVersionIdOf(ctx, String(args.id))),
  }),
}));
