/** `stemma list|inspect|wait|stop job`. */
import type { Command } from 'commander';
import { validateProjectName } from '../../pfs/paths/index.js';
import { choiceOption, countOption, parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { formatAge } from '../human-format.js';
import { progressModeFor, shortId } from '../job-progress.js';
import { describeEnd, fetchJob, requireSuccess, waitForJob } from '../job-wait.js';
import { printFields, printJson, printTable } from '../output.js';
import { JOB_FIELDS, describeProgress, jobView, type JobNode, type JobView } from '../pipeline-views.js';
import { pipelineVerb } from '../pipeline-verbs.js';

export const JOB_STATES = ['created', 'running', 'finishing', 'success', 'failure', 'killed', 'unrunnable'] as const;

const LIST = `query Jobs($project: String, $pipeline: String, $state: [JobState!], $first: Int, $after: String) {
  jobs(project: $project, pipeline: $pipeline, state: $state, first: $first, after: $after) { ${connectionOf(JOB_FIELDS)} }
}`;
const STOP = `mutation StopJob($id: String!) { stopJob(id: $id) { ${JOB_FIELDS} } }`;

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerJobCommands(program: Command, ctx: CliContext): void {
  pipelineVerb(program, 'list')
    .command('job')
    .description('list jobs, newest first (of one pipeline with -p)')
    .option('-p, --pipeline <name>', 'only the jobs of this pipeline (project/name, or with --project)')
    .option('--project <name>', 'only the jobs of this project')
    .option('--state <state>', `only jobs in this state (${JOB_STATES.join(', ')}); repeat for several`, (v: string, prev?: string[]) => collect(choiceOption('--state', JOB_STATES)(v), prev))
    .option('--limit <n>', 'at most this many jobs', countOption('--limit'), 50)
    .action(async (opts: { pipeline?: string; project?: string; state?: string[]; limit: number }) => {
      const filter = jobFilter(opts);
      const nodes = await collectPages(async (after, first) => (await ctx.api().graphql<{ jobs: Connection<JobNode> }>(LIST, { ...filter, first, after })).jobs, opts.limit);
      const jobs = nodes.map(jobView);
      if (ctx.json()) printJson(jobs);
      else printJobTable(jobs);
    });

  pipelineVerb(program, 'inspect')
    .command('job <id>')
    .description('show a job: state, progress, input and output commits, error')
    .action(async (id: string) => {
      const job = await fetchJob(ctx.api(), id);
      if (ctx.json()) printJson(job);
      else printJob(job);
    });

  pipelineVerb(program, 'wait')
    .command('job <id>')
    .description('wait for a job to end, showing its progress; exit non-zero unless it succeeds')
    .option('--timeout <seconds>', 'give up after this many seconds', countOption('--timeout'))
    .action(async (id: string, opts: { timeout?: number }) => {
      const job = await waitForJob(ctx.api(), id, { progress: progressModeFor(ctx.json()), timeoutMs: opts.timeout === undefined ? undefined : opts.timeout * 1000 });
      if (ctx.json()) printJson(job);
      else process.stdout.write(describeEnd(job));
      requireSuccess(job);
    });

  pipelineVerb(program, 'stop')
    .command('job <id>')
    .description('stop a job: it is killed and its running datums stopped')
    .action(async (id: string) => {
      const job = jobView((await ctx.api().graphql<{ stopJob: JobNode }>(STOP, { id })).stopJob);
      if (ctx.json()) printJson(job);
      else process.stdout.write(`job ${job.id} ${job.state}\n`);
    });
}

function jobFilter(opts: { pipeline?: string; project?: string; state?: string[] }) {
  const states = opts.state?.map((s) => s.toUpperCase());
  if (opts.pipeline !== undefined) {
    const { project, repo } = parseRepoArg(opts.pipeline, opts.project);
    return { project, pipeline: repo, state: states };
  }
  if (opts.project !== undefined) validateProjectName(opts.project);
  return { project: opts.project, state: states };
}

function printJobTable(jobs: JobView[]): void {
  printTable(jobs, [
    { header: 'id', value: (j) => j.id },
    { header: 'pipeline', value: (j) => j.pipeline },
    { header: 'started', value: (j) => formatAge(j.startedAt ?? j.createdAt) },
    { header: 'duration', value: (j) => duration(j) },
    { header: 'progress', value: (j) => describeProgress(j.progress) },
    { header: 'state', value: (j) => j.state },
  ]);
}

function printJob(j: JobView): void {
  printFields([
    ['Job', j.id],
    ['Pipeline', j.pipeline],
    ['Commit set', j.commitSet],
    ['State', j.state],
    ['Progress', `${describeProgress(j.progress)}; ${j.progress.processed} processed, ${j.progress.recovered} recovered`],
    ['Inputs', j.inputs.map((i) => `${i.repo}@${i.branch}=${i.commit ? shortId(i.commit) : 'none'}`).join(', ')],
    ['Output commit', j.outputCommit],
    ['Error', j.error],
    ['Created', `${formatAge(j.createdAt)} (${j.createdAt})`],
    ['Started', j.startedAt ? `${formatAge(j.startedAt)} (${j.startedAt})` : '-'],
    ['Finished', j.finishedAt ? `${formatAge(j.finishedAt)} (${j.finishedAt})` : '-'],
  ]);
}

/** How long a job ran (or has run so far). */
export function duration(j: Pick<JobView, 'startedAt' | 'finishedAt'>, now: Date = new Date()): string {
  if (!j.startedAt) return '-';
  const ms = (j.finishedAt ? new Date(j.finishedAt) : now).getTime() - new Date(j.startedAt).getTime();
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
