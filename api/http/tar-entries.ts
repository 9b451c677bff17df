/**
 * The regular files of a tar stream, one at a time, each with its bytes as a stream: the
 * archive is never held whole. Directories are implied by file paths and skipped; links,
 * devices and fifos are refused; so are names that would leave the target directory.
 */
import { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import { InvalidArgumentError, isStemmaError } from '../../core/errors.js';
import { normalizePath } from '../../pfs/paths/index.js';
import { ClientAbortError } from './request-body.js';

export interface TarFile {
  /** Canonical path relative to the archive root, with a leading `/`. */
  name: string;
  size: number;
  stream: Readable;
}

const FILE_TYPES = new Set(['file', 'contiguous-file']);

/** Yields the regular files of `body`; each file's stream must be read to its end before the next. */
export async function* tarFiles(body: Readable): AsyncGenerator<TarFile> {
  const archive = extract();
  body.on('error', (err) => archive.destroy(err));
  body.pipe(archive);
  const entries = archive[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await entries.next().catch((err: unknown) => {
        throw asTarError(err);
      });
      if (next.done) return;
      const entry = next.value;
      if (!isRegularFile(entry.header)) {
        entry.resume();
        continue;
      }
      yield { name: entryPath(entry.header.name), size: entry.header.size, stream: Readable.from(entryBytes(entry as AsyncIterable<Buffer>)) };
    }
  } finally {
    archive.destroy();
  }
}

async function* entryBytes(entry: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of entry) yield chunk;
  } catch (err) {
    throw asTarError(err);
  }
}

/** A failure of the archive itself is the client's (400); an abort or a refusal stays what it is. */
function asTarError(err: unknown): unknown {
  if (err instanceof ClientAbortError || isStemmaError(err)) return err;
  return new InvalidArgumentError(`request body is not a valid tar stream: ${err instanceof Error ? err.message : String(err)}`);
}

function isRegularFile(header: Header): boolean {
  const type = (header.type as Header['type'] | null | undefined) ?? 'file';
  if (FILE_TYPES.has(type)) return true;
  if (type === 'directory') return false;
  throw new InvalidArgumentError(`tar entry ${JSON.stringify(header.name)} is a ${type}; only regular files can be uploaded (dereference links when making the tar)`, {
    entry: header.name,
  });
}

/** `./a/b.csv` and `a/b.csv` give `/a/b.csv`; `..`, empty segments and the like are refused. */
function entryPath(name: string): string {
  const relative = name.replace(/^(\.\/)+/, '');
  try {
    const path = normalizePath(relative);
    if (path === '/') throw new InvalidArgumentError('a file needs a name');
    return path;
  } catch (err) {
    if (!isStemmaError(err)) throw err;
    throw new InvalidArgumentError(`tar entry ${JSON.stringify(name)}: ${err.message}`, { entry: name });
  }
}
