/** `stemma list|inspect model`. */
import type { Command } from 'commander';
import { validateProjectName } from '../../pfs/paths/index.js';
import { parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { formatAge } from '../human-format.js';
import { printFields, printJson, printTable } from '../output.js';
import { pipelineVerb } from '../pipeline-verbs.js';

const MODEL_FIELDS = 'name project { name } path pipeline { name } currentVersion { version createdAt }';
const VERSION_FIELDS = 'version state commit { id } trainingJob { jobId } supersededBy { version } contentHash createdAt';
const LIST = `query Models($project: String, $first: Int, $after: String) { models(project: $project, first: $first, after: $after) { ${connectionOf(MODEL_FIELDS)} } }`;
const INSPECT = `query Model($project: String, $name: String!) { model(project: $project, name: $name) { ${MODEL_FIELDS} versions { ${VERSION_FIELDS} } } }`;

interface ModelNode {
  name: string;
  project: { name: string };
  path: string | null;
  pipeline: { name: string } | null;
  currentVersion: { version: number; createdAt: string } | null;
}

interface VersionNode {
  version: number;
  state: string;
  commit: { id: string };
  trainingJob: { jobId: string };
  supersededBy: { version: number } | null;
  contentHash: string;
  createdAt: string;
}

export interface ModelView {
  project: string;
  name: string;
  path: string | null;
  pipeline: string | null;
  currentVersion: number | null;
  updatedAt: string | null;
}

export interface ModelVersionView {
  version: number;
  state: string;
  commit: string;
  trainingJob: string;
  supersededBy: number | null;
  contentHash: string;
  createdAt: string;
}

export function modelView(m: ModelNode): ModelView {
  const pipeline = m.pipeline ? `${m.project.name}/${m.pipeline.name}` : null;
  return { project: m.project.name, name: m.name, path: m.path, pipeline, currentVersion: m.currentVersion?.version ?? null, updatedAt: m.currentVersion?.createdAt ?? null };
}

export function modelVersionView(v: VersionNode): ModelVersionView {
  return { ...v, state: v.state.toLowerCase(), commit: v.commit.id, trainingJob: v.trainingJob.jobId, supersededBy: v.supersededBy?.version ?? null };
}

export function registerModelCommands(program: Command, ctx: CliContext): void {
  pipelineVerb(program, 'list')
    .command('model')
    .description('list the models training pipelines make (of every project, or of --project)')
    .option('--project <name>', 'only the models of this project')
    .action(async (opts: { project?: string }) => {
      if (opts.project !== undefined) validateProjectName(opts.project);
      const nodes = await collectPages(async (after, first) => (await ctx.api().graphql<{ models: Connection<ModelNode> }>(LIST, { project: opts.project, first, after })).models);
      const models = nodes.map(modelView);
      if (ctx.json()) return printJson(models);
      printTable(models, [
        { header: 'project', value: (m) => m.project },
        { header: 'name', value: (m) => m.name },
        { header: 'version', value: (m) => m.currentVersion },
        { header: 'updated', value: (m) => formatAge(m.updatedAt) },
        { header: 'pipeline', value: (m) => m.pipeline },
        { header: 'path', value: (m) => m.path },
      ]);
    });

  pipelineVerb(program, 'inspect')
    .command('model <name>')
    .description('show a model and its versions, newest first')
    .option('--project <name>', 'the project (default: "default"); or write project/name')
    .action(async (name: string, opts: { project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const { model } = await ctx.api().graphql<{ model: ModelNode & { versions: VersionNode[] } }>(INSPECT, { project, name: repo });
      const view = { ...modelView(model), versions: model.versions.map(modelVersionView) };
      if (ctx.json()) return printJson(view);
      printFields([
        ['Model', `${view.project}/${view.name}`],
        ['Path', view.path],
        ['Pipeline', view.pipeline],
        ['Current version', view.currentVersion],
      ]);
      process.stdout.write('\n');
      printTable(view.versions, [
        { header: 'version', value: (v) => v.version },
        { header: 'state', value: (v) => v.state },
        { header: 'created', value: (v) => formatAge(v.createdAt) },
        { header: 'commit', value: (v) => v.commit },
        { header: 'training job', value: (v) => v.trainingJob },
        { header: 'superseded by', value: (v) => v.supersededBy },
      ]);
    });
}
