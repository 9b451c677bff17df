/** `stemma put file` and `stemma get file`: the verbs that move bytes. */
import type { Command } from 'commander';
import { formatFileRef, parseFileRef } from '../../pfs/refs/index.js';
import { choiceOption, countOption } from '../argument-parsers.js';
import type { CliContext } from '../cli-context.js';
import { openDownload, saveDownload, type DownloadOptions } from '../file-download.js';
import { checkRepoExists, inspectLocalSource, uploadDirectory, uploadFile, type PutFileResult } from '../file-upload.js';
import { formatBytes } from '../human-format.js';
import { printJson } from '../output.js';
import { planPutFile, type PutFileOptions, type PutFilePlan } from '../put-file-plan.js';
import { progressWanted, startTransferProgress } from '../transfer-progress.js';
import { verb } from '../verbs.js';

export function registerFileTransferCommands(program: Command, ctx: CliContext): void {
  verb(program, 'put')
    .command('file <repo@branch[:/path]>')
    .description('put a file, stdin (-f -) or a directory (-r) into a branch, as one commit')
    .requiredOption('-f, --file <local>', 'the local file, directory (with -r), or - for stdin')
    .option('-r, --recursive', 'upload a directory and everything under it')
    .option('-a, --append', 'append to the file instead of replacing it')
    .option('--split <format>', 'one file per record: line, csv or json', choiceOption('--split', ['line', 'csv', 'json'] as const))
    .option('--subject-field <field>', 'CSV column or JSON key (dot path) naming each record\'s data subject')
    .option('--target-file-datums <n>', 'records per file when splitting', countOption('--target-file-datums'))
    .option('--target-file-bytes <bytes>', 'bytes per file when splitting', countOption('--target-file-bytes'))
    .option('-m, --message <text>', 'the commit description')
    .action(async (target: string, opts: PutFileOptions) => {
      const local = await inspectLocalSource(opts.file);
      const plan = planPutFile(target, opts, local.kind);
      await checkRepoExists(ctx.api(), plan);
      const progress = startTransferProgress({
        label: 'upload',
        enabled: progressWanted(ctx.json()),
        totalBytes: local.size,
        countFiles: local.kind === 'dir',
      });
      try {
        const result =
          local.kind === 'dir'
            ? await uploadDirectory(ctx.api(), plan, opts.file, progress)
            : await uploadFile(ctx.api(), plan, opts.file, local.size, progress);
        progress.stop();
        if (ctx.json()) printJson(result);
        else process.stdout.write(describeUpload(plan, result));
      } finally {
        progress.stop();
      }
    });

  verb(program, 'get')
    .command('file <repo@ref:/path>')
    .description('get a file out of a commit, to stdout or -o')
    .option('-o, --output <local>', 'write to this file instead of stdout')
    .option('--offset <n>', 'start at this byte', countOption('--offset', 0))
    .option('--length <n>', 'at most this many bytes', countOption('--length'))
    .action(async (target: string, opts: DownloadOptions) => {
      const ref = parseFileRef(target);
      const { res, size } = await openDownload(ctx.api(), ref, opts);
      const toFile = opts.output !== undefined && opts.output !== '-';
      const progress = startTransferProgress({ label: 'download', enabled: progressWanted(ctx.json()), totalBytes: size });
      try {
        const result = await saveDownload(res, opts, progress);
        progress.stop();
        if (toFile && ctx.json()) printJson({ path: ref.path, output: opts.output, ...result });
      } finally {
        progress.stop();
      }
    });
}

/** The line `put file` prints for people. */
export function describeUpload(plan: PutFilePlan, result: PutFileResult): string {
  const where = formatFileRef({ ...plan.dest, path: result.path ?? plan.dest.path });
  const files = `${result.files} file${result.files === 1 ? '' : 's'}`;
  const subjects = result.subjects ? `, ${result.subjects} subject${result.subjects === 1 ? '' : 's'}` : '';
  const state = result.commit.state === 'open' ? 'staged in open commit' : 'commit';
  return `put ${files} (${formatBytes(result.bytes)}${subjects}) at ${where}, ${state} ${result.commit.id}\n`;
}
