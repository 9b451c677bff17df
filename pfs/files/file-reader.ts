/**
 * Reading a finished commit's files: get (streamed, ranged), list a directory, inspect,
 * diff two commits, and the history of a path (the commits that changed it).
 */
import type { Readable } from 'node:stream';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import { resolveCommit } from '../commits/resolve-commit.js';
import { matchDatumRoots } from '../glob/datum-roots.js';
import { normalizePath } from '../paths/normalize-path.js';
import type { PfsDeps } from '../pfs-deps.js';
import { formatFileRef, type CommitRef, type FileRef } from '../refs/index.js';
import type { TreeEntry } from '../tree-store.js';

export interface FileInfo {
  path: string;
  type: 'file' | 'dir';
  size: number;
  hash: string | null;
  /** Files under a directory (1 for a file). */
  fileCount: number;
  subjects?: string[];
  commitId: string;
}

export interface FileDiff {
  added: FileInfo[];
  removed: FileInfo[];
  changed: { before: FileInfo; after: FileInfo }[];
}

export interface PathChange {
  commit: CommitRecord;
  change: 'added' | 'modified' | 'deleted';
  hash: string | null;
  size: number;
}

const MAX_HISTORY_SCAN = 10_000;

export function createFileReader(deps: PfsDeps) {
  const commitOf = (ref: CommitRef) => resolveCommit(deps, ref);

  const entryOrThrow = async (ref: FileRef, commit: CommitRecord): Promise<TreeEntry> => {
    const entry = await deps.trees.lookup(commit.manifest, ref.path);
    if (!entry) throw new NotFoundError(`${formatFileRef(ref)}: no such file in commit ${commit.id}`, { path: ref.path, commit: commit.id });
    return entry;
  };

  const fileInfo = (e: TreeEntry, commitId: string): FileInfo => ({
    path: e.path,
    type: 'file',
    size: e.size,
    hash: e.hash,
    fileCount: 1,
    commitId,
    ...(e.subjects?.length ? { subjects: e.subjects } : {}),
  });

  /** The direct children of `ref.path` in a finished commit, directories summed. */
  const listFilesOf = async (commit: CommitRecord, ref: FileRef): Promise<FileInfo[]> => {
    const dir = ref.path;
    const children = new Map<string, FileInfo>();
    const prefixLen = dir === '/' ? 1 : dir.length + 1;
    for await (const e of deps.trees.list(commit.manifest, { prefix: dir })) {
      if (e.path === dir) return [fileInfo(e, commit.id)];
      const rest = e.path.slice(prefixLen);
      const slash = rest.indexOf('/');
      if (slash === -1) {
        children.set(e.path, fileInfo(e, commit.id));
        continue;
      }
      const childPath = e.path.slice(0, prefixLen + slash);
      const d = children.get(childPath) ?? { path: childPath, type: 'dir', size: 0, hash: null, fileCount: 0, commitId: commit.id };
      d.size += e.size;
      d.fileCount += 1;
      children.set(childPath, d);
    }
    if (children.size === 0 && dir !== '/') throw new NotFoundError(`${formatFileRef(ref)}: no such file or directory in commit ${commit.id}`, { path: dir });
    return [...children.values()];
  };

  return {
    commitOf,

    /** Opens a file for reading; `range.end` is inclusive. */
    async getFile(ref: FileRef, range?: { start: number; end?: number }): Promise<{ info: FileInfo; stream: Readable }> {
      const commit = await commitOf(ref);
      const entry = await entryOrThrow(ref, commit);
      if (range && (range.start < 0 || range.start >= Math.max(entry.size, 1) || (range.end !== undefined && range.end < range.start))) {
        throw new InvalidArgumentError(`range ${range.start}-${range.end ?? ''} is outside ${entry.path} (${entry.size} bytes)`, { path: entry.path });
      }
      return { info: fileInfo(entry, commit.id), stream: await deps.content.read(entry.ref, range) };
    },

    /** The direct children of a directory (or the file itself), with directory sizes summed. */
    listFiles: async (ref: FileRef): Promise<FileInfo[]> => listFilesOf(await commitOf(ref), ref),

    /** `listFiles` in a finished commit already read: no graph lookup (a page of commits lists its files without one each). */
    listFilesOf: (commit: CommitRecord, ref: FileRef): Promise<FileInfo[]> => listFilesOf(commit, ref),

    /** Every file under a path, recursively, in path order. */
    async *walkFiles(ref: FileRef): AsyncGenerator<FileInfo> {
      const commit = await commitOf(ref);
      for await (const e of deps.trees.list(commit.manifest, { prefix: ref.path })) yield fileInfo(e, commit.id);
    },

    /** Files and directories matching a Pachyderm glob pattern, as a pipeline input would see them. */
    async globFiles(ref: CommitRef, pattern: string): Promise<FileInfo[]> {
      const commit = await commitOf(ref);
      const entries = new Map<string, TreeEntry>();
      for await (const e of deps.trees.list(commit.manifest)) entries.set(e.path, e);
      return matchDatumRoots(pattern, [...entries.keys()]).map((root) => {
        const file = !root.isDirectory ? entries.get(root.path) : undefined;
        if (file) return fileInfo(file, commit.id);
        const size = root.files.reduce((sum, p) => sum + (entries.get(p)?.size ?? 0), 0);
        return { path: root.path, type: 'dir' as const, size, hash: null, fileCount: root.files.length, commitId: commit.id };
      });
    },

    async inspectFile(ref: FileRef): Promise<FileInfo> {
      const commit = await commitOf(ref);
      const entry = await deps.trees.lookup(commit.manifest, ref.path);
      if (entry) return fileInfo(entry, commit.id);
      const listed = await this.listFiles(ref);
      return { path: ref.path, type: 'dir', size: listed.reduce((s, f) => s + f.size, 0), hash: null, fileCount: listed.reduce((s, f) => s + f.fileCount, 0), commitId: commit.id };
    },

    /** What changed from `base` (default: the parent of `ref`'s commit) to `ref`, under `ref.path`. */
    async diffFiles(ref: FileRef, base?: FileRef): Promise<FileDiff> {
      const after = await commitOf(ref);
      const before = base ? await commitOf(base) : after.parentId ? await deps.commits.getCommit(after.parentId) : null;
      const diff = await deps.trees.diff(before?.manifest ?? null, after.manifest);
      const under = (e: TreeEntry) => ref.path === '/' || e.path === ref.path || e.path.startsWith(`${ref.path}/`);
      return {
        added: diff.added.filter(under).map((e) => fileInfo(e, after.id)),
        removed: diff.removed.filter(under).map((e) => fileInfo(e, before?.id ?? '')),
        changed: diff.changed.filter((c) => under(c.after)).map((c) => ({ before: fileInfo(c.before, before?.id ?? ''), after: fileInfo(c.after, after.id) })),
      };
    },

    /** The commits that changed `ref.path`, newest first, walking back from `ref`'s commit. */
    async fileHistory(ref: FileRef, limit = 100): Promise<PathChange[]> {
      const path = normalizePath(ref.path);
      const head = await commitOf(ref);
      const lineage = await deps.commits.history(head.id, { limit: MAX_HISTORY_SCAN, finishedOnly: true });
      const out: PathChange[] = [];
      for (let i = 0; i < lineage.length && out.length < limit; i++) {
        const commit = lineage[i] as CommitRecord;
        const parent = lineage[i + 1];
        const now = await deps.trees.lookup(commit.manifest, path);
        const then = parent ? await deps.trees.lookup(parent.manifest, path) : null;
        if (now?.hash === then?.hash) continue;
        const change = !then ? 'added' : !now ? 'deleted' : 'modified';
        out.push({ commit, change, hash: now?.hash ?? null, size: now?.size ?? 0 });
      }
      return out;
    },
  };
}

export type FileReader = ReturnType<typeof createFileReader>;
