/**
 * The bytes of `stemma put file`: one file or stdin streamed as the body of a PUT, or a
 * directory streamed as a tar to the tar endpoint; never read whole into memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { FailedPreconditionError, NotFoundError, isStemmaError } from '../core/errors.js';
import type { ApiClient } from './api-client.js';
import { tarDirectory } from './directory-tar.js';
import { putFileUrl, putTarUrl } from './pfs-urls.js';
import type { LocalKind, PutFilePlan } from './put-file-plan.js';
import type { TransferProgress } from './transfer-progress.js';

/** What the API answers to an upload. */
export interface PutFileResult {
  commit: { id: string; branch?: string | null; state?: string };
  path?: string;
  files: number;
  bytes: number;
  subjects?: number;
}

/** What `-f` names: a file (with its size), a directory, or stdin; a missing one is refused. */
export async function inspectLocalSource(file: string): Promise<{ kind: LocalKind; size?: number }> {
  if (file === '-') return { kind: 'stdin' };
  const info = await stat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new NotFoundError(`no such file ${file}`, { file });
    if (err.code === 'EACCES') throw new FailedPreconditionError(`cannot read ${file}: permission denied`, { file });
    throw err;
  });
  if (info.isDirectory()) return { kind: 'dir' };
  if (!info.isFile()) throw new FailedPreconditionError(`${file} is not a regular file or directory`, { file });
  return { kind: 'file', size: info.size };
}

const REPO = `query Repo($project: String, $name: String!) { repo(project: $project, name: $name) { name } }`;

/**
 * Asks for the repo before sending bytes: a server that refuses an upload early closes the
 * connection while the body is still being sent, and its answer can be lost on the way.
 */
export async function checkRepoExists(api: ApiClient, plan: PutFilePlan): Promise<void> {
  await api.graphql(REPO, { project: plan.dest.project, name: plan.dest.repo });
}

/** Streams one file (or stdin, when `file` is `-`) to the file endpoint. */
export async function uploadFile(api: ApiClient, plan: PutFilePlan, file: string, size: number | undefined, progress: TransferProgress): Promise<PutFileResult> {
  const source = file === '-' ? process.stdin : createReadStream(file, size ? { end: size - 1 } : {});
  const checked = exactLength(file, size);
  const body = source.pipe(checked).pipe(progress.counter());
  source.on('error', (err: Error) => body.destroy(err));
  checked.on('error', (err: Error) => body.destroy(err));
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (size !== undefined) headers['content-length'] = String(size);
  const res = await api.upload(putFileUrl(plan.dest, plan.query), body, { method: 'PUT', headers });
  return (await res.json()) as PutFileResult;
}

/** Fails the body when a file ends short of the size announced as its content-length. */
function exactLength(file: string, size: number | undefined): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(size === undefined || seen === size ? null : new FailedPreconditionError(`${file} changed while it was being uploaded; upload it again`));
    },
  });
}

/** Streams a directory as a tar to the tar endpoint: every file in one commit. */
export async function uploadDirectory(api: ApiClient, plan: PutFilePlan, dir: string, progress: TransferProgress): Promise<PutFileResult> {
  const tar = tarDirectory(dir, {
    onBytes: (n) => progress.addBytes(n),
    onFile: () => progress.addFile(),
    onSkip: (rel, reason) => process.stderr.write(`stemma: skipping ${rel}: ${reason}\n`),
  });
  const packed = tar.done.then(
    () => undefined,
    (err: unknown) => err,
  );
  try {
    const res = await api.upload(putTarUrl(plan.dest, plan.query.description), tar.body, {
      method: 'POST',
      headers: { 'content-type': 'application/x-tar' },
    });
    return (await res.json()) as PutFileResult;
  } catch (err) {
    // A request that broke on the way may have broken because a local file could not be read.
    if (!isStemmaError(err) || err.details.transport !== true) throw err;
    const cause = await Promise.race([packed, new Promise((resolve) => setTimeout(resolve, 100, undefined))]);
    throw isStemmaError(cause) ? cause : err;
  } finally {
    tar.body.destroy();
  }
}
