/** `stemma create|update|delete|list|inspect|rerun pipeline`. */
import type { Command } from 'commander';
import { validateProjectName } from '../../pfs/paths/index.js';
import { countOption, parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { cell, formatAge } from '../human-format.js';
import { progressModeFor } from '../job-progress.js';
import { describeEnd, requireSuccess, waitForJob } from '../job-wait.js';
import { printFields, printJson, printTable } from '../output.js';
import { JOB_FIELDS, PIPELINE_FIELDS, jobView, pipelineView, type JobNode, type JobView, type PipelineNode, type PipelineView } from '../pipeline-views.js';
import { pipelineVerb } from '../pipeline-verbs.js';
import { readSpecFile } from '../spec-file.js';

const RESULT = `created warnings pipeline { ${PIPELINE_FIELDS} } job { ${JOB_FIELDS} }`;
const CREATE = `mutation CreatePipeline($spec: String!) { result: createPipeline(spec: $spec) { ${RESULT} } }`;
const UPDATE = `mutation UpdatePipeline($spec: String!, $reprocess: Boolean) { result: updatePipeline(spec: $spec, reprocess: $reprocess) { ${RESULT} } }`;
const RERUN = `mutation RerunPipeline($project: String, $name: String!) { result: rerunPipeline(project: $project, name: $name) { ${RESULT} } }`;
const DELETE = `mutation DeletePipeline($project: String, $name: String!, $keepRepo: Boolean) {
  deletePipeline(project: $project, name: $name, keepRepo: $keepRepo) { pipeline killedJobs deletedRepos }
}`;
const LIST = `query Pipelines($project: String, $first: Int, $after: String) { pipelines(project: $project, first: $first, after: $after) { ${connectionOf(PIPELINE_FIELDS)} } }`;
const INSPECT = `query Pipeline($project: String, $name: String!) {
  pipeline(project: $project, name: $name) { ${PIPELINE_FIELDS} currentVersion { spec } versions { version specHash createdAt } }
}`;

interface ResultNode {
  created: boolean;
  warnings: string[];
  pipeline: PipelineNode;
  job: JobNode | null;
}

interface WaitOptions {
  wait?: boolean;
  timeout?: number;
}

const PROJECT_OPTION = ['--project <name>', 'the project (default: "default"); or write project/name'] as const;
const WAIT_OPTION = ['--wait', 'wait for the job it starts, showing its progress; exit non-zero if it fails'] as const;
const TIMEOUT_OPTION = ['--timeout <seconds>', 'with --wait: give up after this many seconds', countOption('--timeout')] as const;

export function registerPipelineCommands(program: Command, ctx: CliContext): void {
  pipelineVerb(program, 'create')
    .command('pipeline')
    .description('create a pipeline from a Pachyderm spec (JSON or YAML); its first job runs on the current inputs')
    .requiredOption('-f, --file <spec>', 'the spec file (- for stdin)')
    .option(...WAIT_OPTION)
    .option(...TIMEOUT_OPTION)
    .action(async (opts: { file: string } & WaitOptions) => {
      const { result } = await ctx.api().graphql<{ result: ResultNode }>(CREATE, { spec: await readSpecFile(opts.file) });
      await reportResult(ctx, result, 'created', opts);
    });

  pipelineVerb(program, 'update')
    .command('pipeline')
    .description('update a pipeline: datums whose inputs or transform changed rerun (every datum with --reprocess)')
    .requiredOption('-f, --file <spec>', 'the spec file (- for stdin)')
    .option('--reprocess', 'rerun every datum, even those that succeeded before')
    .option(...WAIT_OPTION)
    .option(...TIMEOUT_OPTION)
    .action(async (opts: { file: string; reprocess?: boolean } & WaitOptions) => {
      const vars = { spec: await readSpecFile(opts.file), reprocess: Boolean(opts.reprocess) };
      const { result } = await ctx.api().graphql<{ result: ResultNode }>(UPDATE, vars);
      await reportResult(ctx, result, 'updated', opts);
    });

  pipelineVerb(program, 'rerun')
    .command('pipeline <name>')
    .description('run a pipeline again on its current inputs, reprocessing every datum')
    .option(...PROJECT_OPTION)
    .option(...WAIT_OPTION)
    .option(...TIMEOUT_OPTION)
    .action(async (name: string, opts: { project?: string } & WaitOptions) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const { result } = await ctx.api().graphql<{ result: ResultNode }>(RERUN, { project, name: repo });
      await reportResult(ctx, result, 'reran', opts);
    });

  pipelineVerb(program, 'delete')
    .command('pipeline <name>')
    .description('delete a pipeline: its running jobs are killed and its output repo deleted (its jobs stay, for lineage)')
    .option('--keep-repo', 'keep its output repo')
    .option(...PROJECT_OPTION)
    .action(async (name: string, opts: { keepRepo?: boolean; project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const { deletePipeline } = await ctx
        .api()
        .graphql<{ deletePipeline: { pipeline: string; killedJobs: string[]; deletedRepos: string[] } }>(DELETE, { project, name: repo, keepRepo: Boolean(opts.keepRepo) });
      if (ctx.json()) return printJson(deletePipeline);
      const killed = deletePipeline.killedJobs.length ? `; killed ${deletePipeline.killedJobs.length} running job(s)` : '';
      const repos = deletePipeline.deletedRepos.length ? `; deleted repo ${deletePipeline.deletedRepos.join(', ')}` : '';
      process.stdout.write(`deleted pipeline ${deletePipeline.pipeline}${killed}${repos}\n`);
    });

  pipelineVerb(program, 'list')
    .command('pipeline')
    .description('list the pipelines (of every project, or of --project)')
    .option('--project <name>', 'only the pipelines of this project')
    .action(async (opts: { project?: string }) => {
      if (opts.project !== undefined) validateProjectName(opts.project);
      const nodes = await collectPages(async (after, first) => (await ctx.api().graphql<{ pipelines: Connection<PipelineNode> }>(LIST, { project: opts.project, first, after })).pipelines);
      const pipelines = nodes.map(pipelineView);
      if (ctx.json()) printJson(pipelines);
      else printPipelineTable(pipelines);
    });

  pipelineVerb(program, 'inspect')
    .command('pipeline <name>')
    .description('show a pipeline: its current spec, versions and last job')
    .option(...PROJECT_OPTION)
    .action(async (name: string, opts: { project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      type Inspected = PipelineNode & { currentVersion: { spec: unknown }; versions: { version: number; specHash: string; createdAt: string }[] };
      const { pipeline } = await ctx.api().graphql<{ pipeline: Inspected }>(INSPECT, { project, name: repo });
      const view = { ...pipelineView(pipeline), spec: pipeline.currentVersion.spec, versions: pipeline.versions };
      if (ctx.json()) printJson(view);
      else printPipeline(view);
    });
}

/** Prints what create, update or rerun did (warnings on stderr) and, with --wait, follows the job it started. */
async function reportResult(ctx: CliContext, result: ResultNode, did: string, opts: WaitOptions): Promise<void> {
  for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
  const pipeline = pipelineView(result.pipeline);
  let job: JobView | null = result.job ? jobView(result.job) : null;
  const id = `${pipeline.project}/${pipeline.name}`;
  if (!ctx.json()) process.stdout.write(result.created ? `${did} pipeline ${id} (version ${pipeline.version})\n` : `pipeline ${id} unchanged (version ${pipeline.version})\n`);
  if (!ctx.json() && job) process.stdout.write(`job ${job.id} ${opts.wait ? 'running' : 'started'}\n`);
  if (!ctx.json() && !job && result.created) process.stdout.write('no job started: its inputs have no commits yet\n');
  if (opts.wait && job) job = await waitForJob(ctx.api(), job.id, { progress: progressModeFor(ctx.json()), timeoutMs: opts.timeout === undefined ? undefined : opts.timeout * 1000 });
  if (ctx.json()) printJson({ created: result.created, warnings: result.warnings, pipeline, job });
  else if (opts.wait && job) process.stdout.write(describeEnd(job));
  if (opts.wait && job) requireSuccess(job);
}

function printPipelineTable(pipelines: PipelineView[]): void {
  printTable(pipelines, [
    { header: 'project', value: (p) => p.project },
    { header: 'name', value: (p) => p.name },
    { header: 'version', value: (p) => p.version },
    { header: 'input', value: (p) => p.inputRepos.join(', ') },
    { header: 'created', value: (p) => formatAge(p.createdAt) },
    { header: 'last job', value: (p) => (p.lastJob ? `${p.lastJob.state} ${formatAge(p.lastJob.createdAt)}` : '-') },
    { header: 'description', value: (p) => cell(p.description, 40) },
  ]);
}

function printPipeline(p: PipelineView & { versions: { version: number; specHash: string; createdAt: string }[] }): void {
  printFields([
    ['Name', p.name],
    ['Project', p.project],
    ['Description', p.description || '-'],
    ['Version', p.version],
    ['Spec hash', p.specHash],
    ['Image', p.image],
    ['Command', p.cmd.map((a) => JSON.stringify(a)).join(' ')],
    ['Inputs', p.inputRepos.join(', ')],
    ['Output repo', p.outputRepo],
    ['Model', p.model],
    ['Created', `${formatAge(p.createdAt)} (${p.createdAt})`],
    ['Updated', `${formatAge(p.updatedAt)} (${p.updatedAt})`],
    ['Last job', p.lastJob ? `${p.lastJob.id} ${p.lastJob.state} ${formatAge(p.lastJob.createdAt)}` : '-'],
    ['Versions', p.versions.map((v) => `${v.version} (${formatAge(v.createdAt)})`).join(', ')],
  ]);
}
