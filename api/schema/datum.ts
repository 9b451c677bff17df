/** Datum: one unit of a job's work, its input and output file versions and logs; listing datums and the dry run of a spec. */
import { InvalidArgumentError } from '../../core/errors.js';
import type { DatumState, JobRecord } from '../../graph-schema/pipelines/index.js';
import type { DatumInfo } from '../../pipelines/service/index.js';
import { projectOfRepoId, readable } from './auth-scopes.js';
import { builder, type Context } from './builder.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from './connection-page.js';
import { DatumAttemptType, DryRunDatumType, FileVersionRefType } from './datum-types.js';
import { DatumStateEnum } from './pipeline-enums.js';
import { DatumConnection, DatumNode, JobNode, projectOfPipelineId, type DatumShape } from './pipeline-nodes.js';
import { onJob, onSpec } from './pipeline-scopes.js';

/** A datum may read another project's files; a request sees those of the projects it may read. */
const readableFiles = <F extends { repoId: string }>(ctx: Context, files: F[]): F[] => files.filter((f) => readable(ctx, projectOfRepoId(f.repoId)));

const filesCache = new WeakMap<Context, Map<string, Promise<DatumInfo>>>();

/** A datum's input and output file versions, read once per request. */
function datumFiles(ctx: Context, d: DatumShape) {
  const cache = filesCache.get(ctx) ?? new Map<string, Promise<DatumInfo>>();
  filesCache.set(ctx, cache);
  const loading = cache.get(d.id) ?? ctx.pipelines.inspectDatum(d.jobId, d.datumKey);
  cache.set(d.id, loading);
  return loading.then((info) => info.files);
}

DatumNode.implement({
  description: "One datum of a job: the input files one glob match gave, run once (or skipped, its outputs carried from the job that ran it). Datums appear once they are done.",
  authScopes: (d) => ({ read: d.project }),
  fields: (t) => ({
    datumKey: t.exposeString('datumKey', { description: 'Stable across jobs: a hash of its inputs\' names, repos and matched paths.' }),
    hash: t.exposeString('hash', { description: "Changes when an input file's content, the transform or the salt changes." }),
    state: t.field({ type: DatumStateEnum, resolve: (d) => d.state }),
    attempts: t.exposeInt('attempts'),
    durationMs: t.float({ resolve: (d) => d.durationMs }),
    error: t.exposeString('error', { nullable: true }),
    job: t.field({ type: JobNode, resolve: (d) => d.jobId }),
    sourceJob: t.field({ type: JobNode, description: 'The job that ran it (another job for a skipped datum).', resolve: (d) => d.sourceJobId }),
    inputs: t.field({ type: [FileVersionRefType], description: 'The file versions it read (of the projects the request may read).', resolve: async (d, _args, ctx) => readableFiles(ctx, (await datumFiles(ctx, d)).inputs) }),
    outputs: t.field({ type: [FileVersionRefType], description: 'The file versions it wrote.', resolve: async (d, _args, ctx) => readableFiles(ctx, (await datumFiles(ctx, d)).outputs) }),
    logs: t.field({
      type: [DatumAttemptType],
      description: 'Each attempt, oldest first (of the job that ran it, for a skipped datum).',
      resolve: (d, _args, ctx) => ctx.pipelines.datumLogs(d.jobId, d.datumKey),
    }),
  }),
});

/** A page of a job's datums in key order; the cursor is the datum key, so pages stay put as datums finish. */
async function datumPage(ctx: Context, job: JobRecord, states: readonly DatumState[] | null | undefined, args: ConnectionArgs) {
  if (args.last != null || args.before != null) throw new InvalidArgumentError('datums are paged forward: use first and after, not last or before');
  const first = Math.min(Math.max(args.first ?? DEFAULT_PAGE_SIZE, 0), MAX_PAGE_SIZE);
  const list = await ctx.pipelines.listDatums(job.id, { states: states ? [...states] : undefined, limit: first + 1, after: args.after ?? undefined });
  const project = projectOfPipelineId(job.pipelineId);
  const page = list.slice(0, first).map((d): DatumShape => ({ ...d, project }));
  return {
    edges: page.map((d) => ({ cursor: d.datumKey, node: d })),
    pageInfo: { hasNextPage: list.length > first, hasPreviousPage: Boolean(args.after), startCursor: page[0]?.datumKey ?? null, endCursor: page.at(-1)?.datumKey ?? null },
  };
}

builder.objectField(JobNode, 'datums', (t) =>
  t.connection(
    {
      type: DatumNode,
      description: 'Its datums that are done, by datum key.',
      args: { state: t.arg({ type: [DatumStateEnum], description: 'Only datums in these states.' }) },
      resolve: (job, args, ctx) => datumPage(ctx, job, args.state, args),
    },
    DatumConnection,
  ),
);

const jobOf = (ctx: Context, jobId: string) => JobNode.getDataloader(ctx).load(jobId);

builder.queryFields((t) => ({
  datums: t.connection(
    {
      type: DatumNode,
      description: "A job's datums that are done, by datum key.",
      args: { jobId: t.arg.string({ required: true }), state: t.arg({ type: [DatumStateEnum], description: 'Only datums in these states.' }) },
      authScopes: onJob<{ jobId: string }>('read'),
      resolve: async (_root, args, ctx) => datumPage(ctx, await jobOf(ctx, args.jobId), args.state, args),
    },
    DatumConnection,
  ),
  datum: t.field({
    type: DatumNode,
    args: { jobId: t.arg.string({ required: true }), datumKey: t.arg.string({ required: true }) },
    authScopes: onJob<{ jobId: string }>('read'),
    resolve: async (_root, args, ctx) => {
      const job = await jobOf(ctx, args.jobId);
      const { datum } = await ctx.pipelines.inspectDatum(job.id, args.datumKey);
      return { ...datum, project: projectOfPipelineId(job.pipelineId) };
    },
  }),
  datumLogs: t.field({
    type: [DatumAttemptType],
    description: 'The logs of each attempt at a datum, oldest first.',
    args: { jobId: t.arg.string({ required: true }), datumKey: t.arg.string({ required: true }) },
    authScopes: onJob<{ jobId: string }>('read'),
    resolve: (_root, args, ctx) => ctx.pipelines.datumLogs(args.jobId, args.datumKey),
  }),
  dryRunDatums: t.field({
    type: [DryRunDatumType],
    description: 'The datums a spec would make over the current heads of its inputs, before the pipeline exists. Nothing is created.',
    args: { spec: t.arg.string({ required: true, description: 'A Pachyderm pipeline spec, as JSON or YAML text.' }) },
    authScopes: onSpec('read'),
    resolve: (_root, args, ctx) => ctx.pipelines.dryRunDatums(args.spec),
  }),
}));
