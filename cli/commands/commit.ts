/** `stemma start|finish|delete|list|inspect commit`. */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../../core/errors.js';
import { parseCommitRef } from '../../pfs/refs/index.js';
import { countOption, parseBranchRef, parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { listBranchCommits, openCommitOf, resolveCommitRef } from '../commit-lookup.js';
import { cell, formatAge, formatBytes } from '../human-format.js';
import { printFields, printJson, printTable } from '../output.js';
import { COMMIT_FIELDS, commitView, shortRepo, type CommitNode, type CommitView } from '../pfs-views.js';
import { verb } from '../verbs.js';

const START = `mutation StartCommit($project: String, $repo: String!, $branch: String!, $description: String) {
  startCommit(project: $project, repo: $repo, branch: $branch, description: $description) { ${COMMIT_FIELDS} }
}`;
const FINISH = `mutation FinishCommit($id: String!) { finishCommit(id: $id) { ${COMMIT_FIELDS} } }`;
const DELETE = `mutation DeleteCommit($id: String!) { deleteCommit(id: $id) { ${COMMIT_FIELDS} } }`;

export function registerCommitCommands(program: Command, ctx: CliContext): void {
  verb(program, 'start')
    .command('commit <repo@branch>')
    .description('start a commit: puts until `finish commit` go into it; prints its id')
    .option('-m, --message <text>', 'what the commit is for')
    .action(async (target: string, opts: { message?: string }) => {
      const ref = parseBranchRef(target, 'start commit');
      const vars = { project: ref.project, repo: ref.repo, branch: ref.branch, description: opts.message };
      const startCommit = commitView((await ctx.api().graphql<{ startCommit: CommitNode }>(START, vars)).startCommit);
      if (ctx.json()) printJson(startCommit);
      else process.stdout.write(`${startCommit.id}\n`);
    });

  verb(program, 'finish')
    .command('commit <repo@commit-or-branch>')
    .description("finish a commit: by id, or a branch's open commit")
    .action(async (target: string) => {
      const id = await openCommitOf(ctx.api(), parseCommitRef(target), 'finish commit');
      const finishCommit = commitView((await ctx.api().graphql<{ finishCommit: CommitNode }>(FINISH, { id })).finishCommit);
      if (ctx.json()) printJson(finishCommit);
      else process.stdout.write(`finished commit ${finishCommit.id} (${finishCommit.fileCount} files, ${formatBytes(finishCommit.sizeBytes)})\n`);
    });

  verb(program, 'delete')
    .command('commit <repo@commit-or-branch>')
    .description("drop an open commit and what was put into it: by id, or a branch's open commit")
    .action(async (target: string) => {
      const id = await openCommitOf(ctx.api(), parseCommitRef(target), 'delete commit');
      const deleteCommit = commitView((await ctx.api().graphql<{ deleteCommit: CommitNode }>(DELETE, { id })).deleteCommit);
      if (ctx.json()) printJson(deleteCommit);
      else process.stdout.write(`deleted commit ${id}\n`);
    });

  verb(program, 'list')
    .command('commit <repo[@branch]>')
    .description('list the commits of a branch (master by default), newest first')
    .option('--all', 'include open and failed commits')
    .option('--limit <n>', 'at most this many commits', countOption('--limit'), 50)
    .action(async (target: string, opts: { all?: boolean; limit: number }) => {
      const { ref, branch } = parseListTarget(target);
      const commits = await listBranchCommits(ctx.api(), ref, branch, { limit: opts.limit, all: opts.all });
      if (ctx.json()) printJson(commits);
      else printCommitTable(commits);
    });

  verb(program, 'inspect')
    .command('commit <repo@ref>')
    .description('show a commit: repo@<commit id>, repo@branch, repo@branch^2, repo@branch.1')
    .action(async (target: string) => {
      const commit = await resolveCommitRef(ctx.api(), parseCommitRef(target));
      if (ctx.json()) printJson(commit);
      else printCommit(commit);
    });
}

/** `images` → master; `images@dev` → dev; commit ids and ancestry are refused. */
export function parseListTarget(target: string): { ref: ReturnType<typeof parseCommitRef>; branch: string } {
  if (!target.includes('@')) {
    const repo = parseRepoArg(target);
    return { ref: { ...repo, ref: { branch: 'master' } }, branch: 'master' };
  }
  const ref = parseCommitRef(target);
  if (ref.ref.branch === undefined || ref.ref.commitId !== undefined || ref.ref.ancestry !== undefined) {
    throw new InvalidArgumentError(`list commit takes repo or repo@branch, not ${JSON.stringify(target)}; to see one commit use \`stemma inspect commit ${target}\``);
  }
  return { ref, branch: parseBranchRef(target, 'list commit').branch };
}

function printCommitTable(commits: CommitView[]): void {
  printTable(commits, [
    { header: 'repo', value: (c) => shortRepo(c.repoId) },
    { header: 'branch', value: (c) => c.branch },
    { header: 'commit', value: (c) => c.id },
    { header: 'state', value: (c) => c.state },
    { header: 'finished', value: (c) => formatAge(c.finishedAt) },
    { header: 'size', value: (c) => formatBytes(c.sizeBytes) },
    { header: 'origin', value: (c) => c.origin },
    { header: 'description', value: (c) => cell(c.description, 40) },
  ]);
}

function printCommit(c: CommitView): void {
  printFields([
    ['Commit', c.id],
    ['Repo', c.repoId],
    ['Branch', c.branch],
    ['Parent', c.parentId],
    ['Commit set', c.commitSet],
    ['Origin', c.origin],
    ['State', c.state],
    ['Started', `${formatAge(c.createdAt)} (${c.createdAt})`],
    ['Finished', c.finishedAt ? `${formatAge(c.finishedAt)} (${c.finishedAt})` : '-'],
    ['Files', c.fileCount],
    ['Size', `${formatBytes(c.sizeBytes)} (${c.sizeBytes} bytes)`],
    ['Description', c.description || '-'],
    ...(c.error ? [['Error', c.error] as [string, string]] : []),
  ]);
}
