/** `stemma list|inspect datum` and `stemma logs`. */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../core/errors.js';
import { choiceOption, parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { printFields, printJson, printTable } from '../output.js';
import { DATUM_FIELDS, FILE_VERSION_FIELDS, datumView, type DatumNode, type DatumView, type FileVersionView } from '../pipeline-views.js';
import { pipelineVerb } from '../pipeline-verbs.js';
import { readSpecFile } from '../spec-file.js';
import { collectLogs, parseDatumTarget, printLogs } from './datum-logs.js';

export const DATUM_STATES = ['success', 'failed', 'skipped', 'recovered'] as const;

const LIST = `query Datums($jobId: String!, $state: [DatumState!], $first: Int, $after: String) {
  datums(jobId: $jobId, state: $state, first: $first, after: $after) { ${connectionOf(DATUM_FIELDS)} }
}`;
const INSPECT = `query Datum($jobId: String!, $datumKey: String!) {
  datum(jobId: $jobId, datumKey: $datumKey) { ${DATUM_FIELDS} inputs { ${FILE_VERSION_FIELDS} } outputs { ${FILE_VERSION_FIELDS} } }
}`;
const DRY_RUN = 'query DryRun($spec: String!) { dryRunDatums(spec: $spec) { datumKey hash inputs { name repo branch commit root files } } }';

interface DryRunDatum {
  datumKey: string;
  hash: string;
  inputs: { name: string; repo: string; branch: string; commit: string | null; root: string; files: string[] }[];
}

export function registerDatumCommands(program: Command, ctx: CliContext): void {
  pipelineVerb(program, 'list')
    .command('datum [job-id]')
    .description("list a job's datums; with -f, the datums a spec would make over its inputs' current heads (a dry run)")
    .option('-f, --file <spec>', 'a pipeline spec (JSON or YAML; - for stdin): list the datums it would make, creating nothing')
    .option('--state <state>', `only datums in this state (${DATUM_STATES.join(', ')})`, choiceOption('--state', DATUM_STATES))
    .action(async (jobId: string | undefined, opts: { file?: string; state?: string }) => {
      if ((jobId === undefined) === (opts.file === undefined)) throw new InvalidArgumentError('list datum takes a job id, or -f <spec> for a dry run (not both)');
      if (opts.file !== undefined) return dryRun(ctx, opts.file);
      const state = opts.state ? [opts.state.toUpperCase()] : undefined;
      const nodes = await collectPages(async (after, first) => (await ctx.api().graphql<{ datums: Connection<DatumNode> }>(LIST, { jobId, state, first, after })).datums);
      const datums = nodes.map(datumView);
      if (ctx.json()) printJson(datums);
      else printDatumTable(datums);
    });

  pipelineVerb(program, 'inspect')
    .command('datum <job-id> <datum-key>')
    .description('show a datum: state, attempts, and the file versions it read and wrote')
    .action(async (jobId: string, datumKey: string) => {
      type Inspected = DatumNode & { inputs: FileVersionView[]; outputs: FileVersionView[] };
      const { datum } = await ctx.api().graphql<{ datum: Inspected }>(INSPECT, { jobId, datumKey });
      const view = { ...datumView(datum), inputs: datum.inputs, outputs: datum.outputs };
      if (ctx.json()) printJson(view);
      else printDatum(view);
    });

  program
    .command('logs')
    .description("print what datums wrote to stdout and stderr: of a pipeline's last job, of a job, or of one datum")
    .option('--pipeline <name>', "the last job of this pipeline (project/name, or with --project)")
    .option('--project <name>', 'the project of --pipeline')
    .option('--job <id>', 'every datum of this job')
    .option('--datum <job-id:datum-key>', 'one datum')
    .action(async (opts: { pipeline?: string; project?: string; job?: string; datum?: string }) => {
      const chosen = [opts.pipeline, opts.job, opts.datum].filter((o) => o !== undefined).length;
      if (chosen !== 1) throw new InvalidArgumentError('logs takes one of --pipeline <name>, --job <id> or --datum <job-id:datum-key>');
      const pipeline = opts.pipeline === undefined ? undefined : parseRepoArg(opts.pipeline, opts.project);
      const datum = opts.datum === undefined ? undefined : parseDatumTarget(opts.datum);
      const lines = await collectLogs(ctx.api(), { pipeline, jobId: opts.job, datum });
      if (ctx.json()) printJson(lines);
      else printLogs(lines, datum === undefined);
    });
}

async function dryRun(ctx: CliContext, file: string): Promise<void> {
  const { dryRunDatums } = await ctx.api().graphql<{ dryRunDatums: DryRunDatum[] }>(DRY_RUN, { spec: await readSpecFile(file) });
  if (ctx.json()) return printJson(dryRunDatums);
  printTable(dryRunDatums, [
    { header: 'datum', value: (d) => d.datumKey },
    { header: 'inputs', value: (d) => d.inputs.map((i) => `${i.name}:${i.root}`).join(', ') },
    { header: 'files', value: (d) => d.inputs.reduce((n, i) => n + i.files.length, 0) },
  ]);
}

function printDatumTable(datums: DatumView[]): void {
  printTable(datums, [
    { header: 'datum', value: (d) => d.datumKey },
    { header: 'state', value: (d) => d.state },
    { header: 'attempts', value: (d) => d.attempts },
    { header: 'time', value: (d) => `${(d.durationMs / 1000).toFixed(1)}s` },
    { header: 'error', value: (d) => d.error?.split('\n')[0] },
  ]);
}

function printDatum(d: DatumView & { inputs: FileVersionView[]; outputs: FileVersionView[] }): void {
  const files = (list: FileVersionView[]) => (list.length ? list.map((f) => `${f.repo}:${f.path}`).join(', ') : '-');
  printFields([
    ['Datum', d.datumKey],
    ['Job', d.jobId],
    ['State', d.state],
    ['Ran in job', d.sourceJobId],
    ['Attempts', d.attempts],
    ['Duration', `${(d.durationMs / 1000).toFixed(1)}s`],
    ['Hash', d.hash],
    ['Error', d.error],
    ['Inputs', files(d.inputs)],
    ['Outputs', files(d.outputs)],
  ]);
}
