/** `stemma list|glob|diff|inspect|history|delete|copy file` (put and get: file-transfer.ts). */
import type { Command } from 'commander';
import { FailedPreconditionError, NotFoundError, isStemmaError } from '../../core/errors.js';
import { formatCommitRef, formatFileRef, parseFileRef } from '../../pfs/refs/index.js';
import { countOption, parseBranchFileRef, parseGlobArg } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { collectPages, connectionOf, type Connection } from '../connection.js';
import { formatAge, formatBytes } from '../human-format.js';
import { printFields, printJson, printTable } from '../output.js';
import { COMMIT_FIELDS, FILE_FIELDS, commitView, fileView, type CommitNode, type CommitView, type FileNode, type FileView } from '../pfs-views.js';
import { verb } from '../verbs.js';
import { diffRows, fileDiffView, printDiff, type FileDiffNode } from './file-diff.js';

const LIST = `query Files($ref: String!, $first: Int, $after: String) { files(ref: $ref, first: $first, after: $after) { ${connectionOf(FILE_FIELDS)} } }`;
const GLOB = `query Glob($ref: String!, $pattern: String!, $first: Int, $after: String) {
  glob(ref: $ref, pattern: $pattern, first: $first, after: $after) { ${connectionOf(FILE_FIELDS)} }
}`;
const INSPECT = `query File($ref: String!) { file(ref: $ref) { ${FILE_FIELDS} } }`;
const DIFF = `query Diff($ref: String!, $base: String) {
  diff(ref: $ref, base: $base) { added { ${FILE_FIELDS} } removed { ${FILE_FIELDS} } changed { before { ${FILE_FIELDS} } after { ${FILE_FIELDS} } } }
}`;
const HISTORY = `query FileHistory($ref: String!, $first: Int, $after: String) {
  fileHistory(ref: $ref, first: $first, after: $after) { ${connectionOf(`change hash size commit { ${COMMIT_FIELDS} }`)} }
}`;
const DELETE = `mutation DeleteFile($ref: String!, $recursive: Boolean) { deleteFile(ref: $ref, recursive: $recursive) { ${COMMIT_FIELDS} } }`;
const COPY = `mutation CopyFile($src: String!, $dst: String!) { copyFile(src: $src, dst: $dst) { ${COMMIT_FIELDS} } }`;

interface PathChangeView {
  change: 'added' | 'modified' | 'deleted';
  hash: string | null;
  size: number;
  commit: CommitView;
}

type PathChangeNode = Omit<PathChangeView, 'commit'> & { commit: CommitNode };

const pathChangeView = (c: PathChangeNode): PathChangeView => ({ ...c, change: c.change.toLowerCase() as PathChangeView['change'], commit: commitView(c.commit) });

export function registerFileCommands(program: Command, ctx: CliContext): void {
  const pages = <T>(query: string, key: string, vars: Record<string, unknown>, limit?: number) =>
    collectPages(async (after, first) => (await ctx.api().graphql<Record<string, Connection<T>>>(query, { ...vars, first, after }))[key]!, limit);

  verb(program, 'list')
    .command('file <repo@ref[:/dir]>')
    .description('list the files and directories directly under a path')
    .action(async (target: string) => {
      const files = (await pages<FileNode>(LIST, 'files', { ref: formatFileRef(parseFileRef(target)) })).map(fileView);
      if (ctx.json()) printJson(files);
      else printFileTable(files);
    });

  verb(program, 'glob')
    .command('file <repo@ref:pattern>')
    .description('list the files matching a glob pattern, e.g. images@master:/**/*.png')
    .action(async (target: string) => {
      const { ref, pattern } = parseGlobArg(target);
      const files = (await pages<FileNode>(GLOB, 'glob', { ref: formatCommitRef(ref), pattern }).catch(missingGlob(ctx))).map(fileView);
      if (ctx.json()) printJson(files);
      else printFileTable(files);
    });

  verb(program, 'diff')
    .command('file <repo@ref[:/path]> [base]')
    .description("what changed under a path since the base commit (default: the commit's parent)")
    .action(async (target: string, base: string | undefined) => {
      const ref = formatFileRef(parseFileRef(target));
      const baseRef = base === undefined ? undefined : formatFileRef(parseFileRef(base));
      const diff = fileDiffView((await ctx.api().graphql<{ diff: FileDiffNode }>(DIFF, { ref, base: baseRef })).diff);
      if (ctx.json()) printJson(diff);
      else printDiff(diffRows(diff));
    });

  verb(program, 'inspect')
    .command('file <repo@ref:/path>')
    .description('show a file or directory: size, hash, subjects, commit')
    .action(async (target: string) => {
      const file = fileView((await ctx.api().graphql<{ file: FileNode }>(INSPECT, { ref: formatFileRef(parseFileRef(target)) })).file);
      if (ctx.json()) printJson(file);
      else printFile(file);
    });

  verb(program, 'history')
    .command('file <repo@ref:/path>')
    .description('the commits that added, changed or deleted a path, newest first')
    .option('--limit <n>', 'at most this many commits', countOption('--limit'), 50)
    .action(async (target: string, opts: { limit: number }) => {
      const changes = (await pages<PathChangeNode>(HISTORY, 'fileHistory', { ref: formatFileRef(parseFileRef(target)) }, opts.limit)).map(pathChangeView);
      if (ctx.json()) printJson(changes);
      else
        printTable(changes, [
          { header: 'commit', value: (c) => c.commit.id },
          { header: 'change', value: (c) => c.change },
          { header: 'finished', value: (c) => formatAge(c.commit.finishedAt) },
          { header: 'size', value: (c) => (c.change === 'deleted' ? '-' : formatBytes(c.size)) },
          { header: 'hash', value: (c) => c.hash?.slice(0, 16) },
        ]);
    });

  verb(program, 'delete')
    .command('file <repo@branch:/path>')
    .description('delete a file (or, with -r, a directory) in a new commit')
    .option('-r, --recursive', 'delete a directory and everything under it')
    .action(async (target: string, opts: { recursive?: boolean }) => {
      const ref = parseBranchFileRef(target, 'delete file');
      const vars = { ref: formatFileRef(ref), recursive: Boolean(opts.recursive) };
      const data = await ctx.api().graphql<{ deleteFile: CommitNode }>(DELETE, vars).catch((err: unknown) => {
        if (!opts.recursive && isStemmaError(err) && err.code === 'NOT_FOUND' && err.message.includes('no such file')) {
          throw new NotFoundError(`${vars.ref}: no such file; to delete a directory add -r`);
        }
        throw err;
      });
      const deleteFile = commitView(data.deleteFile);
      if (ctx.json()) printJson(deleteFile);
      else process.stdout.write(`deleted ${formatFileRef(ref)}, commit ${deleteFile.id}\n`);
    });

  verb(program, 'copy')
    .command('file <src> <dst>')
    .description('copy a file or directory into a branch without copying its bytes: copy file a@master:/x b@dev:/y')
    .action(async (src: string, dst: string) => {
      const from = formatFileRef(parseFileRef(src));
      const to = formatFileRef(parseBranchFileRef(dst, 'copy file (destination)'));
      const copyFile = commitView((await ctx.api().graphql<{ copyFile: CommitNode }>(COPY, { src: from, dst: to })).copyFile);
      if (ctx.json()) printJson(copyFile);
      else process.stdout.write(`copied ${from} to ${to}, commit ${copyFile.id}\n`);
    });
}

function printFileTable(files: FileView[]): void {
  printTable(files, [
    { header: 'name', value: (f) => (f.type === 'dir' ? `${f.path}/` : f.path) },
    { header: 'type', value: (f) => f.type },
    { header: 'size', value: (f) => formatBytes(f.size) },
    { header: 'files', value: (f) => f.fileCount },
  ]);
}

function printFile(f: FileView): void {
  printFields([
    ['Path', f.path],
    ['Type', f.type],
    ['Size', `${formatBytes(f.size)} (${f.size} bytes)`],
    ...(f.type === 'dir' ? [['Files', f.fileCount] as [string, number]] : []),
    ['Hash', f.hash],
    ['Subjects', f.subjects.length ? f.subjects.join(', ') : '-'],
    ['Ref', f.ref],
    ['Commit', f.commitId],
  ]);
}


/** An API without the `glob` query (it arrived after the other file queries) says so plainly. */
function missingGlob(ctx: CliContext) {
  return (err: unknown): never => {
    if (isStemmaError(err) && err.message.includes('Cannot query field "glob"')) {
      throw new FailedPreconditionError(`the API at ${ctx.api().url} has no glob query yet: update it, or use \`stemma list file\``);
    }
    throw err;
  };
}
