/**
 * What a writer does inside one commit: put, append, split into records, delete and copy
 * files. Bytes go to the content store as they arrive; the tree changes wait in a ChangeSet
 * until the commit finishes, so nothing is visible before then.
 */
import { Readable } from 'node:stream';
import { InvalidArgumentError } from '../../core/errors.js';
import type { BlobTransform } from '../blobs/blob-transform.js';
import type { SubjectTransforms } from '../blobs/subject-transforms.js';
import { normalizePath } from '../paths/normalize-path.js';
import { joinPath } from '../paths/path-operations.js';
import { splitRecords, type RecordFile, type SplitOptions } from '../split/index.js';
import type { ContentBatch, ContentStore, TreeEntry, TreeStore } from '../tree-store.js';
import { ChangeSet } from './change-set.js';

/** Files below this size are packed with others instead of stored as objects of their own. */
export const SMALL_FILE_BYTES = 1024 * 1024;
/** Record files of one `--split` put stored at once. */
export const RECORD_CONCURRENCY = 16;

export interface PutOptions {
  append?: boolean;
  /** The size, when the caller knows it (lets small files be packed). */
  size?: number;
}

export interface CommitWriter {
  putFile(path: string, body: Buffer | Readable, opts?: PutOptions): Promise<TreeEntry>;
  /** Splits a structured file into one file per record (or per N records) under `path/`. */
  putRecords(path: string, body: Buffer | Readable, opts: SplitOptions): Promise<{ files: number; subjects: number }>;
  deleteFile(path: string, opts?: { recursive?: boolean }): Promise<void>;
  /** Puts existing entries (from any repo) under `destPath` without copying bytes. */
  putEntries(entries: TreeEntry[]): void;
  /** Entries the writer sees now: the base tree with this writer's changes applied. */
  lookup(path: string): Promise<TreeEntry | null>;
}

export interface StagedWriter extends CommitWriter {
  readonly changes: ChangeSet;
  /** Makes the packed small files durable; call before the changes are committed or staged. */
  flush(): Promise<void>;
}

export interface CommitWriterDeps {
  content: ContentStore;
  trees: TreeStore;
  /** When set, each record file with a subject is stored encrypted under that subject's key. */
  subjectTransforms?: SubjectTransforms;
}

export function createCommitWriter(deps: CommitWriterDeps, baseRoot: string | null): StagedWriter {
  const changes = new ChangeSet();
  let batch: ContentBatch | undefined;
  const smallBatch = () => (batch ??= deps.content.batch());

  const lookup = async (path: string): Promise<TreeEntry | null> => {
    const staged = changes.staged(path);
    if (staged) return staged;
    if (changes.hides(path)) return null;
    return deps.trees.lookup(baseRoot, path);
  };

  const store = async (path: string, body: Buffer | Readable, size?: number, transform?: BlobTransform): Promise<TreeEntry> => {
    const opts = transform ? { transform } : {};
    if (Buffer.isBuffer(body) && body.length < SMALL_FILE_BYTES) {
      const ref = await smallBatch().add(body, opts);
      return { path, hash: ref.hash, size: ref.size, ref };
    }
    if (!Buffer.isBuffer(body) && size !== undefined && size < SMALL_FILE_BYTES) {
      return store(path, await collect(body), undefined, transform);
    }
    const ref = await deps.content.writeStream(Buffer.isBuffer(body) ? Readable.from([body]) : body, size, opts);
    return { path, hash: ref.hash, size: ref.size, ref };
  };

  /** The transform for a file of these subjects' records: their subject's encryption, if configured. */
  const subjectTransform = async (where: string, subjects: readonly string[]): Promise<BlobTransform | undefined> => {
    if (!deps.subjectTransforms || subjects.length === 0) return undefined;
    try {
      return await deps.subjectTransforms.transformForSubjects(subjects);
    } catch (err) {
      if (!(err instanceof InvalidArgumentError)) throw err;
      throw new InvalidArgumentError(`${where}: ${err.message}`, { ...err.details, path: where }, { cause: err });
    }
  };
  const recordTransform = (path: string, record: RecordFile) =>
    subjectTransform(`${path} (records ${record.firstRecord + 1}-${record.firstRecord + record.recordCount})`, record.subjects);

  return {
    changes,
    lookup,
    async putFile(rawPath, body, opts = {}) {
      const path = normalizePath(rawPath);
      let entry: TreeEntry;
      const existing = opts.append ? await lookup(path) : null;
      if (existing) {
        // Appending to a subject's file keeps it that subject's, under that subject's key.
        const transform = await subjectTransform(path, existing.subjects ?? []);
        const old = await deps.content.read(existing.ref);
        entry = await store(path, Readable.from(concatStreams(old, body)), opts.size === undefined ? undefined : existing.size + opts.size, transform);
        if (existing.subjects?.length) entry.subjects = existing.subjects;
      } else {
        entry = await store(path, body, opts.size);
      }
      changes.put(entry);
      return entry;
    },
    async putRecords(rawPath, body, opts) {
      const dir = normalizePath(rawPath);
      changes.deleteTree(dir);
      const subjects = new Set<string>();
      let files = 0;
      // Records are stored RECORD_CONCURRENCY at a time: each may wait on its subject's new key
      // (a synced file) and its encryption, which overlap; the input is still read in order.
      const inFlight = new Set<Promise<void>>();
      let failure: { error: unknown } | undefined;
      const storeRecord = async (record: RecordFile) => {
        const path = joinPath(dir, record.name);
        const entry = await store(path, record.content, undefined, await recordTransform(path, record));
        if (record.subjects.length > 0) entry.subjects = record.subjects;
        changes.put(entry);
      };
      try {
        for await (const record of splitRecords(body, opts)) {
          if (failure) break;
          for (const s of record.subjects) subjects.add(s);
          files++;
          const stored: Promise<void> = storeRecord(record)
            .catch((error: unknown) => {
              failure ??= { error };
            })
            .finally(() => inFlight.delete(stored));
          inFlight.add(stored);
          if (inFlight.size >= RECORD_CONCURRENCY) await Promise.race(inFlight);
        }
      } finally {
        await Promise.all(inFlight);
      }
      if (failure) throw failure.error;
      return { files, subjects: subjects.size };
    },
    async deleteFile(rawPath, opts = {}) {
      const path = normalizePath(rawPath);
      if (opts.recursive || path === '/') changes.deleteTree(path);
      else changes.delete(path);
    },
    putEntries(entries) {
      for (const e of entries) changes.put(e);
    },
    async flush() {
      await batch?.flush();
      batch = undefined;
    },
  };
}

async function* concatStreams(first: Readable, second: Buffer | Readable): AsyncGenerator<Buffer> {
  for await (const chunk of first) yield chunk as Buffer;
  if (Buffer.isBuffer(second)) yield second;
  else for await (const chunk of second) yield chunk as Buffer;
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
