/**
 * A local directory as a tar stream, for `stemma put file -r`: the directory is walked
 * lazily (fs.opendir, one open handle per level) and each file streamed into the tar as
 * the upload consumes it, so a directory of any number of files is never held in memory.
 */
import { createReadStream } from 'node:fs';
import { open, opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { FailedPreconditionError } from '../core/errors.js';

export interface LocalFile {
  /** Path on this machine. */
  abs: string;
  /** Path inside the directory, `/`-separated, no leading `/`. */
  rel: string;
}

/** Why a directory entry was left out (sockets, devices, links to directories). */
export type SkipReporter = (rel: string, reason: string) => void;

/** The regular files under `root` (and links to files), depth first, in directory order. */
export async function* walkDirectory(root: string, onSkip: SkipReporter = () => {}, prefix = ''): AsyncGenerator<LocalFile> {
  for await (const entry of await opendir(root, { bufferSize: 64 })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    const abs = join(root, entry.name);
    if (entry.isDirectory()) yield* walkDirectory(abs, onSkip, rel);
    else if (entry.isFile()) yield { abs, rel };
    else if (entry.isSymbolicLink() && (await stat(abs).catch(() => undefined))?.isFile()) yield { abs, rel };
    else onSkip(rel, entry.isSymbolicLink() ? 'a link to a directory or to nothing' : 'not a regular file');
  }
}

export interface DirectoryTarOptions {
  /** Called with the bytes of tar the upload has taken. */
  onBytes?: (n: number) => void;
  /** Called when a file has been written into the tar. */
  onFile?: () => void;
  onSkip?: SkipReporter;
  /** Most tar bytes produced ahead of what the upload has taken. Default 8 MiB. */
  windowBytes?: number;
  /** Files opened ahead of the one being packed. Default 64. */
  readAhead?: number;
}

export interface DirectoryTar {
  /** The tar, to be sent as a request body. */
  body: Readable;
  /** Settles when every file is in the tar; rejects with the reason a file could not be read. */
  done: Promise<{ files: number; bytes: number }>;
}

/** Starts packing `root`; nothing is read until `body` is consumed. */
export function tarDirectory(root: string, opts: DirectoryTarOptions = {}): DirectoryTar {
  const pack = tar.pack();
  const window = new ByteWindow(opts.windowBytes ?? 8 * 1024 * 1024);
  async function* consume(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of pack as AsyncIterable<Buffer>) {
        window.release(chunk.length);
        opts.onBytes?.(chunk.length);
        yield chunk;
      }
    } finally {
      window.close();
    }
  }
  const done = (async () => {
    let files = 0;
    let bytes = 0;
    for await (const file of prefetch(walkDirectory(root, opts.onSkip), opts.readAhead ?? 64)) {
      await window.waitForRoom();
      const size = await addFile(pack, file);
      window.reserve(512 + Math.ceil(size / 512) * 512);
      files += 1;
      bytes += size;
      opts.onFile?.();
    }
    pack.finalize();
    return { files, bytes };
  })();
  done.catch((err: unknown) => pack.destroy(err instanceof Error ? err : new Error(String(err))));
  return { body: Readable.from(consume(), { objectMode: false }), done };
}

/** A file about to go into the tar: small ones already read, large ones streamed in turn. */
interface ReadyFile extends LocalFile {
  size: number;
  mtime: Date;
  data?: Buffer;
}

/** Files up to this size are read whole, ahead of their turn, several at a time. */
const SMALL_FILE_BYTES = 64 * 1024;

/**
 * Opens the next `readAhead` files while earlier ones are packed, keeping their order: on a
 * disk where each open costs a fraction of a millisecond, 100,000 small files take seconds,
 * not minutes. At most `readAhead` small files are held in memory.
 */
async function* prefetch(files: AsyncIterable<LocalFile>, readAhead: number): AsyncGenerator<ReadyFile> {
  const queue: Promise<ReadyFile>[] = [];
  try {
    for await (const file of files) {
      const ready = readSmall(file);
      ready.catch(() => {});
      queue.push(ready);
      if (queue.length >= readAhead) yield await queue.shift()!;
    }
    while (queue.length > 0) yield await queue.shift()!;
  } finally {
    queue.length = 0;
  }
}

async function readSmall(file: LocalFile): Promise<ReadyFile> {
  const handle = await open(file.abs, 'r').catch((err: Error) => {
    throw fileError(file, err);
  });
  try {
    const { size, mtime } = await handle.stat();
    if (size > SMALL_FILE_BYTES) return { ...file, size, mtime };
    const data = await handle.readFile();
    return { ...file, size: data.length, mtime, data };
  } finally {
    await handle.close();
  }
}

async function addFile(pack: tar.Pack, file: ReadyFile): Promise<number> {
  const header = { name: file.rel, size: file.size, mode: 0o644, mtime: file.mtime, type: 'file' as const };
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error | null | undefined) => (err ? reject(fileError(file, err)) : resolve());
    if (file.data) {
      pack.entry(header, file.data, fail);
      return;
    }
    const sink = pack.entry(header, fail);
    // The entry's callback reports its failure; the stream's own error event must not also throw.
    sink.on('error', () => {});
    const source = createReadStream(file.abs, { end: file.size - 1 });
    source.on('error', (err) => sink.destroy(err));
    source.pipe(sink);
  });
  return file.size;
}

function fileError(file: LocalFile, err: Error): Error {
  if (err.message === 'Size mismatch') return new FailedPreconditionError(`${file.abs} changed while it was being uploaded; upload it again`);
  const code = 'code' in err ? err.code : undefined;
  if (code === 'EACCES') return new FailedPreconditionError(`cannot read ${file.abs}: permission denied`);
  if (code === 'ENOENT') return new FailedPreconditionError(`${file.abs} was removed while the directory was being uploaded; upload it again`);
  return err;
}

/**
 * Bounds how far the tar runs ahead of the upload. Entries are counted at their ustar size
 * (never more than they take), so the count never exceeds the real backlog and cannot stall.
 */
class ByteWindow {
  private ahead = 0;
  private waiter: (() => void) | undefined;
  private closed = false;

  constructor(private readonly limit: number) {}

  async waitForRoom(): Promise<void> {
    while (this.ahead > this.limit && !this.closed) await new Promise<void>((resolve) => (this.waiter = resolve));
    if (this.closed) throw new FailedPreconditionError('the upload stopped before the directory was sent');
  }

  reserve(n: number): void {
    this.ahead += n;
  }

  /** Headers longer than the estimate (pax) can take `ahead` below zero; it never counts less than nothing. */
  release(n: number): void {
    this.ahead = Math.max(0, this.ahead - n);
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
