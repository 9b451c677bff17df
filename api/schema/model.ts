/** Model and ModelVersion: what a training pipeline's output commits hold, version by version. */
import { needs, onProject, projectArg, projectOfRepoId, readable } from './auth-scopes.js';
import { builder } from './builder.js';
import { arrayPage } from './connection-page.js';
import { ModelVersionStateEnum } from './pipeline-enums.js';
import { findModel, JobNode, ModelConnection, ModelNode, ModelVersionNode, modelVersions, modelsOf, PipelineNode } from './pipeline-nodes.js';
import { CommitNode, ProjectNode } from './pfs-nodes.js';

/** The name in a model id (`project/name`). */
const modelName = (modelId: string) => modelId.slice(modelId.indexOf('/') + 1);

ModelNode.implement({
  description: "A model: the files under a path of a training pipeline's output (the spec's `model: {name, path}`).",
  authScopes: (m) => ({ read: m.project }),
  fields: (t) => ({
    name: t.exposeString('name'),
    project: t.field({ type: ProjectNode, resolve: (m) => m.project }),
    path: t.exposeString('path', { nullable: true, description: "Where its files are in the pipeline's output." }),
    pipeline: t.field({ type: PipelineNode, nullable: true, description: 'The pipeline that trains it; null when none does any more.', resolve: (m) => (m.pipeline ? `${m.project}/${m.pipeline}` : null) }),
    currentVersion: t.field({
      type: ModelVersionNode,
      nullable: true,
      description: 'Null until its pipeline has made a version.',
      resolve: async (m, _args, ctx) => (await modelVersions(ctx, m.project, m.name)).find((v) => v.state === 'current') ?? null,
    }),
    versions: t.field({ type: [ModelVersionNode], description: 'Newest first.', resolve: (m, _args, ctx) => modelVersions(ctx, m.project, m.name) }),
  }),
});

ModelVersionNode.implement({
  description: 'One version of a model: the model files of one output commit, and the job that trained it.',
  authScopes: (v) => ({ read: projectOfRepoId(v.modelId) }),
  fields: (t) => ({
    name: t.string({ description: 'The model name.', resolve: (v) => modelName(v.modelId) }),
    model: t.field({ type: ModelNode, resolve: (v) => v.modelId }),
    version: t.exposeInt('version', { description: '1 for the first, then one more per new content.' }),
    commit: t.field({ type: CommitNode, description: 'The output commit holding its files.', resolve: (v) => v.commitId }),
    trainingJob: t.field({ type: JobNode, resolve: (v) => v.jobId }),
    path: t.exposeString('path'),
    contentHash: t.exposeString('contentHash', { description: "sha256 over its files' sorted (path, hash)." }),
    state: t.field({ type: ModelVersionStateEnum, resolve: (v) => v.state }),
    supersededBy: t.field({
      type: ModelVersionNode,
      nullable: true,
      description: 'The version that replaced it (null while it is current).',
      resolve: async (v, _args, ctx) => {
        if (v.state === 'current') return null;
        return (await modelVersions(ctx, projectOfRepoId(v.modelId), modelName(v.modelId))).find((next) => next.version === v.version + 1) ?? null;
      },
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
  }),
});

builder.queryFields((t) => ({
  models: t.connection(
    {
      type: ModelNode,
      description: 'The models named by the pipelines of a project, or of every project the request may read.',
      args: { project: t.arg.string() },
      authScopes: needs((args) => (args.project ? [['read', args.project]] : [])),
      resolve: async (_root, args, ctx) => arrayPage(args, (await modelsOf(ctx, args.project ?? undefined)).filter((m) => readable(ctx, m.project))),
    },
    ModelConnection,
  ),
  model: t.field({
    type: ModelNode,
    args: { project: t.arg.string({ defaultValue: 'default' }), name: t.arg.string({ required: true }) },
    authScopes: onProject('read', projectArg),
    resolve: (_root, args, ctx) => findModel(ctx, projectArg(args), args.name),
  }),
  modelVersions: t.field({
    type: [ModelVersionNode],
    description: 'The versions of a model, newest first.',
    args: { project: t.arg.string({ defaultValue: 'default' }), name: t.arg.string({ required: true }) },
    authScopes: onProject('read', projectArg),
    resolve: (_root, args, ctx) => modelVersions(ctx, projectArg(args), args.name),
  }),
}));
