/**
 * What `stemma put file` will do, decided from its arguments and what the local source
 * is, before any byte moves: one file, stdin, or a directory streamed as a tar.
 */
import { basename as localBasename } from 'node:path';
import { InvalidArgumentError } from '../core/errors.js';
import { joinPath } from '../pfs/paths/index.js';
import type { FileRef } from '../pfs/refs/index.js';
import { parseBranchFileRef } from './argument-parsers.js';
import type { PutFileQuery } from './pfs-urls.js';

export type SplitFormat = 'line' | 'csv' | 'json';

export interface PutFileOptions {
  file: string;
  recursive?: boolean;
  append?: boolean;
  split?: SplitFormat;
  subjectField?: string;
  targetFileDatums?: number;
  targetFileBytes?: number;
  message?: string;
}

/** The local source as found on disk (`stdin` for `-f -`). */
export type LocalKind = 'file' | 'dir' | 'stdin';

export interface PutFilePlan {
  kind: LocalKind;
  dest: FileRef & { branch: string };
  query: PutFileQuery;
}

/** Checks the flags together and works out the destination path. */
export function planPutFile(target: string, opts: PutFileOptions, kind: LocalKind): PutFilePlan {
  checkSplitFlags(opts);
  if (kind === 'dir' && !opts.recursive) {
    throw new InvalidArgumentError(`${opts.file} is a directory: add -r to upload everything under it`);
  }
  if (kind === 'dir' && (opts.split || opts.append)) {
    throw new InvalidArgumentError(`${opts.split ? '--split' : '--append'} applies to one file, not to a directory; upload the files one by one`);
  }
  const ref = parseBranchFileRef(target, 'put file');
  const dest = { ...ref, path: destinationPath(target, ref.path, opts.file, kind) };
  return { kind, dest, query: kind === 'dir' ? { description: opts.message } : uploadQuery(opts) };
}

function checkSplitFlags(opts: PutFileOptions): void {
  const needsSplit: [string, unknown][] = [
    ['--subject-field', opts.subjectField],
    ['--target-file-datums', opts.targetFileDatums],
    ['--target-file-bytes', opts.targetFileBytes],
  ];
  for (const [flag, value] of needsSplit) {
    if (value !== undefined && !opts.split) throw new InvalidArgumentError(`${flag} needs --split csv|json|line`);
  }
  if (opts.subjectField !== undefined && opts.split === 'line') {
    throw new InvalidArgumentError('--subject-field needs --split csv or json: a line has no fields');
  }
}

/**
 * Without `:/path` the local file's basename goes at the root; with a path ending in `/`
 * it goes inside that directory. stdin has no name, so it needs a path.
 */
function destinationPath(target: string, parsed: string, file: string, kind: LocalKind): string {
  const intoDir = parsed === '/' || /:.*\/$/.test(target);
  if (!intoDir) return parsed;
  if (kind === 'stdin') {
    throw new InvalidArgumentError(`put file -f - reads stdin, which has no name: give the destination, e.g. ${target.replace(/:.*$/, '')}:/data.csv`);
  }
  const name = localBasename(file.replace(/[/\\]+$/, ''));
  if (name === '' || name === '.' || name === '..') {
    throw new InvalidArgumentError(`cannot name the upload after ${JSON.stringify(file)}: give the destination path, e.g. ${target.replace(/:.*$/, '')}:/data`);
  }
  return joinPath(parsed, name);
}

function uploadQuery(opts: PutFileOptions): PutFileQuery {
  return {
    append: opts.append,
    split: opts.split,
    subjectField: opts.subjectField,
    targetFileDatums: opts.targetFileDatums,
    targetFileBytes: opts.targetFileBytes,
    description: opts.message,
  };
}
