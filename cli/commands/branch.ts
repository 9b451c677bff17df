/** `stemma create|list|delete branch`. */
import type { Command } from 'commander';
import { parseBranchRef, parseHeadRef, parseRepoArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { formatAge } from '../human-format.js';
import { printJson, printTable } from '../output.js';
import { BRANCH_FIELDS, branchView, type BranchNode } from '../pfs-views.js';
import { verb } from '../verbs.js';

const CREATE = `mutation CreateBranch($project: String, $repo: String!, $name: String!, $head: String) {
  createBranch(project: $project, repo: $repo, name: $name, head: $head) { ${BRANCH_FIELDS} }
}`;
const LIST = `query Branches($project: String, $repo: String!, $first: Int, $after: String) {
  branches(project: $project, repo: $repo, first: $first, after: $after) { ${connectionOf(BRANCH_FIELDS)} }
}`;
const DELETE = `mutation DeleteBranch($project: String, $repo: String!, $name: String!) {
  deleteBranch(project: $project, repo: $repo, name: $name) { ${BRANCH_FIELDS} }
}`;

export function registerBranchCommands(program: Command, ctx: CliContext): void {
  verb(program, 'create')
    .command('branch <repo@branch>')
    .description('create a branch, or move it with --head')
    .option('--head <commit>', 'the commit the branch points at: images@master^, master^2 or a commit id')
    .action(async (target: string, opts: { head?: string }) => {
      const ref = parseBranchRef(target, 'create branch');
      const head = opts.head === undefined ? undefined : parseHeadRef(opts.head, ref);
      const data = await ctx.api().graphql<{ createBranch: BranchNode }>(CREATE, { project: ref.project, repo: ref.repo, name: ref.branch, head });
      const created = branchView(data.createBranch);
      if (ctx.json()) printJson(created);
      else process.stdout.write(`created branch ${target}${created.head ? ` at ${created.head}` : ''}\n`);
    });

  verb(program, 'list')
    .command('branch <repo>')
    .description('list the branches of a repo and their heads')
    .option('--project <name>', 'the project (default: "default"); or write project/repo')
    .action(async (name: string, opts: { project?: string }) => {
      const { project, repo } = parseRepoArg(name, opts.project);
      const branches = await collectPages(async (after, first) => {
        const data = await ctx.api().graphql<{ branches: Connection<BranchNode> }>(LIST, { project, repo, first, after });
        return data.branches;
      }).then((nodes) => nodes.map(branchView));
      if (ctx.json()) printJson(branches);
      else
        printTable(branches, [
          { header: 'branch', value: (b) => b.name },
          { header: 'head', value: (b) => b.head },
          { header: 'created', value: (b) => formatAge(b.createdAt) },
        ]);
    });

  verb(program, 'delete')
    .command('branch <repo@branch>')
    .description('delete a branch (its commits stay reachable from other branches and by id)')
    .action(async (target: string) => {
      const ref = parseBranchRef(target, 'delete branch');
      const data = await ctx.api().graphql<{ deleteBranch: BranchNode }>(DELETE, { project: ref.project, repo: ref.repo, name: ref.branch });
      if (ctx.json()) printJson(branchView(data.deleteBranch));
      else process.stdout.write(`deleted branch ${target}\n`);
    });
}
