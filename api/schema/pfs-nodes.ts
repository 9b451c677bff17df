/**
 * The Relay node refs of the versioned file system, each with its per-request dataloader:
 * a record is loaded once per request by key (repos and commits in one query per batch), and
 * records that resolvers return are cached under their key, so the parents of a page of
 * commits cost at most one more lookup.
 * The types' fields, queries and mutations live beside them (project.ts, repo.ts, ...).
 */
import type { BranchRecord, CommitRecord, ProjectRecord, RepoRecord } from '../../graph-schema/pfs/index.js';
import { NotFoundError } from '../../core/errors.js';
import type { FileInfo } from '../../pfs/files/file-reader.js';
import { formatFileRef, parseFileRef } from '../../pfs/refs/index.js';
import { builder, type Context } from './builder.js';
import { splitRepoId } from './pfs-args.js';

/** A file or directory of a commit, with the repo it belongs to. */
export type FileNodeShape = FileInfo & { project: string; repo: string };

const pfsOf = (ctx: Context) => ctx.runtime.pfs;

/** Loads each key on its own, turning a failure into that key's error. */
function loadEach<K, V>(keys: readonly K[], load: (key: K) => Promise<V>): Promise<(V | Error)[]> {
  return Promise.all(keys.map((key) => load(key).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))))));
}

export const ProjectNode = builder.loadableNodeRef('Project', {
  id: { resolve: (p: ProjectRecord) => p.name },
  toKey: (p: ProjectRecord) => p.name,
  cacheResolved: true,
  load: async (names: string[], ctx: Context) => {
    const byName = new Map((await pfsOf(ctx).listProjects()).map((p) => [p.name, p]));
    return names.map((name) => byName.get(name) ?? new NotFoundError(`project ${name} does not exist`, { project: name }));
  },
});

export const RepoNode = builder.loadableNodeRef('Repo', {
  id: { resolve: (r: RepoRecord) => r.id },
  toKey: (r: RepoRecord) => r.id,
  cacheResolved: true,
  load: async (ids: string[], ctx: Context) => {
    const byId = new Map((await pfsOf(ctx).deps.repos.getRepos(ids)).map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? missingRepo(id));
  },
});

function missingRepo(id: string): NotFoundError {
  const { project, repo } = splitRepoId(id);
  return new NotFoundError(`repo ${project}/${repo} does not exist: create it with \`stemma create repo ${repo}\``, { repo, project });
}

export const BranchNode = builder.loadableNodeRef('Branch', {
  id: { resolve: (b: BranchRecord) => b.id },
  toKey: (b: BranchRecord) => b.id,
  cacheResolved: true,
  load: (ids: string[], ctx: Context) =>
    loadEach(ids, (id) => {
      const at = id.lastIndexOf('@');
      const { project, repo } = splitRepoId(id.slice(0, at));
      return pfsOf(ctx).inspectBranch(project, repo, id.slice(at + 1));
    }),
});

export const CommitNode = builder.loadableNodeRef('Commit', {
  id: { resolve: (c: CommitRecord) => c.id },
  toKey: (c: CommitRecord) => c.id,
  cacheResolved: true,
  load: async (ids: string[], ctx: Context) => {
    const byId = new Map((await pfsOf(ctx).deps.commits.getCommits(ids)).map((c) => [c.id, c]));
    return ids.map((id) => byId.get(id) ?? new NotFoundError(`commit ${id} does not exist`, { commit: id }));
  },
});

/** A file's key: its reference pinned to a commit id, e.g. `images@<commit id>:/a.png`. */
export function fileKey(f: FileNodeShape): string {
  return formatFileRef({ project: f.project, repo: f.repo, ref: { commitId: f.commitId }, path: f.path });
}

export const FileNode = builder.loadableNodeRef('File', {
  id: { resolve: (f: FileNodeShape) => fileKey(f) },
  toKey: (f: FileNodeShape) => fileKey(f),
  cacheResolved: true,
  load: (keys: string[], ctx: Context) =>
    loadEach(keys, async (key): Promise<FileNodeShape> => {
      const ref = parseFileRef(key);
      return { ...(await pfsOf(ctx).inspectFile(ref)), project: ref.project, repo: ref.repo };
    }),
});

const totalCountField = {
  description: 'How many items the whole list has, when it is known without reading it all.',
  nullable: true,
} as const;

/** `totalCount` of a connection result, when the pager reported one. */
export const totalCountOf = (connection: object): number | null => (connection as { totalCount?: number }).totalCount ?? null;

export const ProjectConnection = builder.connectionObject(
  { type: ProjectNode, name: 'ProjectConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'ProjectEdge' },
);
export const RepoConnection = builder.connectionObject(
  { type: RepoNode, name: 'RepoConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'RepoEdge' },
);
export const BranchConnection = builder.connectionObject(
  { type: BranchNode, name: 'BranchConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'BranchEdge' },
);
export const CommitConnection = builder.connectionObject(
  { type: CommitNode, name: 'CommitConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'CommitEdge' },
);
export const FileConnection = builder.connectionObject(
  { type: FileNode, name: 'FileConnection', fields: (t) => ({ totalCount: t.int({ ...totalCountField, resolve: totalCountOf }) }) },
  { name: 'FileEdge' },
);
