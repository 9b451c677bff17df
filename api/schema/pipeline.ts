/** Pipeline and PipelineVersion: a versioned spec, its output repo and its jobs; creating, updating, deleting, rerunning. */
import type { CreatePipelineResult, DeletePipelineResult } from '../../pipelines/service/index.js';
import { needs, onProject, projectArg, projectOfRepoId, readable } from './auth-scopes.js';
import { builder } from './builder.js';
import { arrayPage } from './connection-page.js';
import { jobPage } from './job-page.js';
import { JobStateEnum } from './pipeline-enums.js';
import {
  currentPipeline,
  JobConnection,
  JobNode,
  ModelNode,
  PipelineConnection,
  PipelineNode,
  PipelineVersionNode,
  pipelineInfo,
  specOfPipeline,
} from './pipeline-nodes.js';
import { onSpec } from './pipeline-scopes.js';
import { ProjectNode, RepoNode } from './pfs-nodes.js';

PipelineVersionNode.implement({
  description: 'One version of a pipeline spec: every change to the spec makes a new one.',
  authScopes: (v) => ({ read: projectOfRepoId(v.pipelineId) }),
  fields: (t) => ({
    pipeline: t.field({ type: PipelineNode, nullable: true, description: 'Null once the pipeline is deleted.', resolve: (v, _args, ctx) => currentPipeline(ctx, v.pipelineId) }),
    version: t.exposeInt('version', { description: '1 for the first spec, then one more per change.' }),
    specHash: t.exposeString('specHash', { description: 'sha256 of the normalised spec: spelling, key order and defaults do not change it.' }),
    image: t.exposeString('image', { nullable: true }),
    cmd: t.exposeStringList('cmd'),
    spec: t.field({ type: 'JSON', description: 'The normalised spec (camelCase, defaults filled in, durations in milliseconds).', resolve: (v) => JSON.parse(v.spec) as unknown }),
    reprocess: t.exposeBoolean('reprocess', { description: 'Made by --reprocess or a rerun: its first job reprocessed every datum.' }),
    inputRepos: t.exposeStringList('inputRepoIds', { description: 'The repos it reads, as project/repo.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
  }),
});

PipelineNode.implement({
  description: 'A pipeline: a versioned spec whose jobs turn input commits into commits of its output repo.',
  authScopes: (p) => ({ read: p.project }),
  fields: (t) => ({
    name: t.exposeString('name'),
    project: t.field({ type: ProjectNode, resolve: (p) => p.project }),
    description: t.string({ resolve: (p) => specOfPipeline(p).description ?? '' }),
    createdAt: t.field({ type: 'DateTime', resolve: (p) => p.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (p) => p.updatedAt }),
    currentVersion: t.field({ type: PipelineVersionNode, resolve: (p) => p.current }),
    versions: t.field({
      type: [PipelineVersionNode],
      description: 'Its versions, newest first (at most 20).',
      resolve: async (p, _args, ctx) => (await pipelineInfo(ctx, p.project, p.name)).versions,
    }),
    outputRepo: t.field({ type: RepoNode, nullable: true, resolve: (p) => p.current.outputRepoId }),
    jobs: t.connection(
      {
        type: JobNode,
        description: 'Its jobs, newest first.',
        args: { state: t.arg({ type: [JobStateEnum], description: 'Only jobs in these states.' }) },
        resolve: (p, args, ctx) => jobPage(ctx, { project: p.project, pipeline: p.name, states: args.state }, args),
      },
      JobConnection,
    ),
    lastJob: t.field({ type: JobNode, nullable: true, resolve: async (p, _args, ctx) => (await pipelineInfo(ctx, p.project, p.name)).lastJob }),
    model: t.field({
      type: ModelNode,
      nullable: true,
      description: 'The model its outputs are versions of, when the spec names one.',
      resolve: (p) => {
        const model = specOfPipeline(p).model;
        return model ? { project: p.project, name: model.name, pipeline: p.name, path: model.path } : null;
      },
    }),
  }),
});

const CreatePipelineResultRef = builder.objectRef<CreatePipelineResult>('CreatePipelineResult').implement({
  description: 'The pipeline as created or updated, what of the spec was ignored, and the job it started.',
  fields: (t) => ({
    pipeline: t.field({ type: PipelineNode, resolve: (r) => r.pipeline }),
    warnings: t.exposeStringList('warnings', { description: 'Fields of the spec that were ignored (unknown, or not acted on), each with its path.' }),
    created: t.exposeBoolean('created', { description: 'False when the spec equals the current version (nothing changed).' }),
    job: t.field({ type: JobNode, nullable: true, description: "The new version's first job, when an input has commits.", resolve: (r) => r.job }),
  }),
});

const DeletePipelineResultRef = builder.objectRef<DeletePipelineResult>('DeletePipelineResult').implement({
  description: 'What deleting a pipeline stopped and removed. Its versions, jobs and datums stay, for lineage.',
  fields: (t) => ({
    pipeline: t.exposeString('pipeline', { description: 'project/name' }),
    killedJobs: t.exposeStringList('killedJobs'),
    deletedRepos: t.exposeStringList('deletedRepos'),
  }),
});

const SPEC_DESCRIPTION = 'A Pachyderm pipeline spec, as JSON or YAML text.';

builder.queryFields((t) => ({
  pipelines: t.connection(
    {
      type: PipelineNode,
      description: 'The pipelines of a project, or of every project the request may read, by project and name.',
      args: { project: t.arg.string() },
      authScopes: needs((args) => (args.project ? [['read', args.project]] : [])),
      resolve: async (_root, args, ctx) => arrayPage(args, (await ctx.pipelines.listPipelines(args.project ?? undefined)).filter((p) => readable(ctx, p.project))),
    },
    PipelineConnection,
  ),
  pipeline: t.field({
    type: PipelineNode,
    args: { project: t.arg.string({ defaultValue: 'default' }), name: t.arg.string({ required: true }) },
    authScopes: onProject('read', projectArg),
    resolve: async (_root, args, ctx) => (await pipelineInfo(ctx, projectArg(args), args.name)).pipeline,
  }),
}));

builder.mutationFields((t) => ({
  createPipeline: t.field({
    type: CreatePipelineResultRef,
    description: 'Creates a pipeline from its spec; its first job runs on the current heads of its inputs. With update, a new version of an existing one.',
    args: {
      spec: t.arg.string({ required: true, description: SPEC_DESCRIPTION }),
      update: t.arg.boolean({ defaultValue: false }),
      reprocess: t.arg.boolean({ defaultValue: false, description: 'With update: rerun every datum, even those that succeeded before.' }),
    },
    authScopes: onSpec('write'),
    resolve: (_root, args, ctx) => ctx.pipelines.createPipeline(args.spec, { update: args.update ?? false, reprocess: args.reprocess ?? false }),
  }),
  updatePipeline: t.field({
    type: CreatePipelineResultRef,
    description: 'A new version of a pipeline: datums whose hash the new spec changes rerun (every datum with reprocess). An equal spec changes nothing.',
    args: { spec: t.arg.string({ required: true, description: SPEC_DESCRIPTION }), reprocess: t.arg.boolean({ defaultValue: false }) },
    authScopes: onSpec('write'),
    resolve: (_root, args, ctx) => ctx.pipelines.updatePipeline(args.spec, { reprocess: args.reprocess ?? false }),
  }),
  rerunPipeline: t.field({
    type: CreatePipelineResultRef,
    description: 'Runs a pipeline again on its current inputs, reprocessing every datum.',
    args: { project: t.arg.string({ defaultValue: 'default' }), name: t.arg.string({ required: true }) },
    authScopes: onProject('write', projectArg),
    resolve: (_root, args, ctx) => ctx.pipelines.rerun(projectArg(args), args.name),
  }),
  deletePipeline: t.field({
    type: DeletePipelineResultRef,
    description: 'Deletes a pipeline: refused while another pipeline reads its output; its unfinished jobs are killed, and its output repo goes unless keepRepo.',
    args: { project: t.arg.string({ defaultValue: 'default' }), name: t.arg.string({ required: true }), keepRepo: t.arg.boolean({ defaultValue: false }) },
    authScopes: onProject('write', projectArg),
    resolve: (_root, args, ctx) => ctx.pipelines.deletePipeline(projectArg(args), args.name, { keepRepo: args.keepRepo ?? false }),
  }),
}));
