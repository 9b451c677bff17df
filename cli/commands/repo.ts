/** `stemma create|list|inspect|delete repo`. */
import type { Command } from 'commander';
import { validateProjectName } from '../../pfs/paths/index.js';
import { parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { cell, formatAge, formatBytes } from '../human-format.js';
import { printFields, printJson, printTable } from '../output.js';
import { REPO_FIELDS, repoView, type RepoNode, type RepoView } from '../pfs-views.js';
import { verb } from '../verbs.js';

const CREATE = `mutation CreateRepo($project: String, $name: String!, $description: String) {
  createRepo(project: $project, name: $name, description: $description) { ${REPO_FIELDS} }
}`;
const LIST = `query Repos($project: String, $first: Int, $after: String) {
  repos(project: $project, first: $first, after: $after) { ${connectionOf(REPO_FIELDS)} }
}`;
const INSPECT = `query Repo($project: String, $name: String!) { repo(project: $project, name: $name) { ${REPO_FIELDS} } }`;
const DELETE = `mutation DeleteRepo($project: String, $name: String!, $force: Boolean) {
  deleteRepo(project: $project, name: $name, force: $force) { deleted commits brokenPipelines }
}`;

interface DeleteRepoResult {
  deleted: boolean;
  commits: number;
  brokenPipelines: string[];
}

const PROJECT_OPTION = ['--project <name>', 'the project (default: "default"); or write project/repo'] as const;

export function registerRepoCommands(program: Command, ctx: CliContext): void {
  verb(program, 'create')
    .command('repo <name>')
    .description('create a repo (its master branch appears with the first commit)')
    .option('-d, --description <text>', 'what the repo holds')
    .option(...PROJECT_OPTION)
    .action(async (name: string, opts: { description?: string; project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const data = await ctx.api().graphql<{ createRepo: RepoNode }>(CREATE, { project, name: repo, description: opts.description });
      const created = repoView(data.createRepo);
      if (ctx.json()) printJson(created);
      else process.stdout.write(`created repo ${created.project}/${created.name}\n`);
    });

  verb(program, 'list')
    .command('repo')
    .description('list the repos (of every project, or of --project)')
    .option('--project <name>', 'only the repos of this project')
    .action(async (opts: { project?: string }) => {
      if (opts.project !== undefined) validateProjectName(opts.project);
      const repos = await collectPages(async (after, first) => {
        const data = await ctx.api().graphql<{ repos: Connection<RepoNode> }>(LIST, { project: opts.project, first, after });
        return data.repos;
      }).then((nodes) => nodes.map(repoView));
      if (ctx.json()) printJson(repos);
      else printRepoTable(repos);
    });

  verb(program, 'inspect')
    .command('repo <name>')
    .description('show a repo: kind, size, branches, description')
    .option(...PROJECT_OPTION)
    .action(async (name: string, opts: { project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const data = await ctx.api().graphql<{ repo: RepoNode }>(INSPECT, { project, name: repo });
      const found = repoView(data.repo);
      if (ctx.json()) printJson(found);
      else printRepo(found);
    });

  verb(program, 'delete')
    .command('repo <name>')
    .description('delete a repo and all its commits')
    .option('--force', 'delete even when pipelines read from it (they break)')
    .option(...PROJECT_OPTION)
    .action(async (name: string, opts: { force?: boolean; project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const { deleteRepo } = await ctx.api().graphql<{ deleteRepo: DeleteRepoResult }>(DELETE, { project, name: repo, force: Boolean(opts.force) });
      if (ctx.json()) printJson(deleteRepo);
      else process.stdout.write(describeDeletion(`${project}/${repo}`, deleteRepo));
    });
}

function printRepoTable(repos: RepoView[]): void {
  printTable(repos, [
    { header: 'project', value: (r) => r.project },
    { header: 'name', value: (r) => r.name },
    { header: 'created', value: (r) => formatAge(r.createdAt) },
    { header: 'size (master)', value: (r) => formatBytes(r.sizeBytes) },
    { header: 'branches', value: (r) => r.branchCount },
    { header: 'description', value: (r) => cell(r.description) },
  ]);
}

function printRepo(r: RepoView): void {
  printFields([
    ['Name', r.name],
    ['Project', r.project],
    ['Kind', r.kind],
    ['Description', r.description || '-'],
    ['Created', `${formatAge(r.createdAt)} (${r.createdAt})`],
    ['Size of master', formatBytes(r.sizeBytes)],
    ['Branches', r.branchCount],
  ]);
}

/** The line `delete repo` prints for people. */
export function describeDeletion(repo: string, result: DeleteRepoResult): string {
  const commits = `${result.commits} commit${result.commits === 1 ? '' : 's'}`;
  const broken = result.brokenPipelines.length ? `; pipelines left without input: ${result.brokenPipelines.join(', ')}` : '';
  return `deleted repo ${repo} (${commits})${broken}\n`;
}
