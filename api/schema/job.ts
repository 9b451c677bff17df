/** Job: one pipeline version run on one commit set, with its progress; listing, inspecting and stopping jobs. */
import type { JobCounts, JobInputCommit } from '../../graph-schema/pipelines/index.js';
import { needs } from './auth-scopes.js';
import { builder } from './builder.js';
import { jobPage } from './job-page.js';
import { JobStateEnum } from './pipeline-enums.js';
import { currentPipeline, JobConnection, JobNode, PipelineNode, PipelineVersionNode, projectOfPipelineId } from './pipeline-nodes.js';
import { onJob } from './pipeline-scopes.js';
import { splitRepoId } from './pfs-args.js';
import { CommitNode } from './pfs-nodes.js';

const JobProgress = builder.objectRef<JobCounts>('JobProgress').implement({
  description: 'Datum counts of a job, read from the graph at each request: processed + skipped + failed + recovered reach total when it ends.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Every datum of the job, skipped ones included (0 until the job is planned).' }),
    processed: t.exposeInt('processed', { description: 'Ran and succeeded.' }),
    skipped: t.exposeInt('skipped', { description: 'Outputs carried forward from an earlier job.' }),
    failed: t.exposeInt('failed'),
    recovered: t.exposeInt('recovered', { description: 'Command failed, errCmd succeeded.' }),
  }),
});

const JobInput = builder.objectRef<JobInputCommit>('JobInput').implement({
  description: 'The commit a job reads on one input branch.',
  fields: (t) => ({
    project: t.exposeString('project'),
    repo: t.exposeString('repo'),
    branch: t.exposeString('branch'),
    commit: t.field({ type: CommitNode, nullable: true, description: 'Null when the branch had no commit.', resolve: (i) => i.commitId }),
  }),
});

JobNode.implement({
  description: 'One version of a pipeline run on one commit set.',
  authScopes: (j) => ({ read: projectOfPipelineId(j.pipelineId) }),
  fields: (t) => ({
    jobId: t.exposeString('id', { description: 'The job id (32 hex) the CLI and `job(id)` take.' }),
    project: t.string({ resolve: (j) => projectOfPipelineId(j.pipelineId) }),
    pipelineName: t.string({ resolve: (j) => splitRepoId(j.pipelineId).repo }),
    pipeline: t.field({ type: PipelineNode, nullable: true, description: 'Null once the pipeline is deleted.', resolve: (j, _args, ctx) => currentPipeline(ctx, j.pipelineId) }),
    pipelineVersion: t.field({ type: PipelineVersionNode, resolve: (j) => j.pipelineVersionId }),
    commitSet: t.exposeString('commitSet', { description: 'The commit set it computes: its output commit joins it.' }),
    state: t.field({ type: JobStateEnum, resolve: (j) => j.state }),
    progress: t.field({ type: JobProgress, resolve: (j) => j.counts }),
    inputCommits: t.field({ type: [JobInput], resolve: (j) => j.inputs }),
    outputCommit: t.field({ type: CommitNode, nullable: true, resolve: (j) => j.outputCommitId }),
    parentJob: t.field({ type: JobNode, nullable: true, description: 'The job whose output this one builds on.', resolve: (j) => j.parentJobId }),
    error: t.exposeString('error', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', resolve: (j) => j.createdAt }),
    startedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (j) => j.finishedAt }),
  }),
});

builder.queryFields((t) => ({
  jobs: t.connection(
    {
      type: JobNode,
      description: 'Jobs, newest first: of a pipeline, of a project, or of every project the request may read.',
      args: {
        project: t.arg.string({ description: 'The project (default "default" when a pipeline is named).' }),
        pipeline: t.arg.string(),
        state: t.arg({ type: [JobStateEnum], description: 'Only jobs in these states.' }),
      },
      authScopes: needs((args) => (args.project || args.pipeline ? [['read', args.project ?? 'default']] : [])),
      resolve: (_root, args, ctx) => jobPage(ctx, { project: args.project, pipeline: args.pipeline, states: args.state }, args),
    },
    JobConnection,
  ),
  job: t.field({
    type: JobNode,
    description: 'A job by id, read afresh at each request: poll it to follow its state and progress.',
    args: { id: t.arg.string({ required: true }) },
    // The Job type's own scope checks the project of the job found.
    resolve: (_root, args, ctx) => ctx.pipelines.inspectJob(args.id),
  }),
}));

builder.mutationField('stopJob', (t) =>
  t.field({
    type: JobNode,
    description: 'Kills an unfinished job and stops its running datums; a finished job is returned as it is.',
    args: { id: t.arg.string({ required: true }) },
    authScopes: onJob<{ id: string }>('write'),
    resolve: (_root, args, ctx) => ctx.pipelines.stopJob(args.id),
  }),
);
