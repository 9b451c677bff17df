/**
 * The bytes of `stemma get file`: streamed from the API to stdout or to a file, ranged
 * with `Range` for `--offset`/`--length`. A file is written beside its destination and
 * renamed at the end, so a failed download never leaves a truncated file behind.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { randomUUID } from 'node:crypto';
import type { FileRef } from '../pfs/refs/index.js';
import type { ApiClient } from './api-client.js';
import { getFileUrl, rangeHeader } from './pfs-urls.js';
import type { TransferProgress } from './transfer-progress.js';

export interface DownloadOptions {
  offset?: number;
  length?: number;
  /** A local path, or undefined (or `-`) for stdout. */
  output?: string;
}

export interface DownloadResult {
  bytes: number;
  hash: string | null;
  commit: string | null;
}

/** Opens the download; the caller learns the size (for the progress bar) before streaming. */
export async function openDownload(api: ApiClient, ref: FileRef, opts: DownloadOptions): Promise<{ res: Response; size: number | undefined }> {
  const range = rangeHeader(opts.offset, opts.length);
  const res = await api.request(getFileUrl(ref), range ? { headers: { range } } : {});
  const length = res.headers.get('content-length');
  return { res, size: length === null ? undefined : Number(length) };
}

/** Streams the opened download to its destination, counting bytes on `progress`. */
export async function saveDownload(res: Response, opts: DownloadOptions, progress: TransferProgress): Promise<DownloadResult> {
  const result = { hash: res.headers.get('x-stemma-hash'), commit: res.headers.get('x-stemma-commit') };
  const source = res.body ? Readable.fromWeb(res.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  if (opts.output === undefined || opts.output === '-') {
    await pipeline(source, progress.counter(), stdoutSink());
    return { ...result, bytes: progress.bytes };
  }
  const partial = join(dirname(opts.output), `.${basename(opts.output)}.${randomUUID().slice(0, 8)}.partial`);
  try {
    await pipeline(source, progress.counter(), createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, opts.output);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return { ...result, bytes: progress.bytes };
}

/** stdout as a pipeline's end that is never closed (other output may follow). */
function stdoutSink(): Writable {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      if (process.stdout.write(chunk)) done();
      else process.stdout.once('drain', () => done());
    },
  });
}
