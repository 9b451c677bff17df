/**
 * The versioned file system's objects as the CLI shows them, read from GraphQL: the fields
 * each query selects, and the mapping from the GraphQL shape (nested nodes, upper-case
 * enums) to flat records like the HTTP endpoints return (`repoId`, `parentId`, `state: 'open'`),
 * so that `--json` output has one shape whatever the verb. One place to follow the schema.
 */
export interface ProjectView {
  name: string;
  description: string;
  createdAt: string;
}

export interface RepoView {
  project: string;
  name: string;
  description: string;
  kind: string;
  createdAt: string;
  branchCount: number;
  sizeBytes: number;
}

export interface BranchView {
  name: string;
  head: string | null;
  createdAt: string;
}

export interface CommitView {
  id: string;
  /** `project/repo` */
  repoId: string;
  branch: string | null;
  parentId: string | null;
  origin: string;
  state: string;
  commitSet: string;
  description: string;
  fileCount: number;
  sizeBytes: number;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface FileView {
  path: string;
  /** The file pinned to its commit: `images@<commit id>:/a.png`. */
  ref: string;
  type: 'file' | 'dir';
  size: number;
  hash: string | null;
  fileCount: number;
  subjects: string[];
  commitId: string;
}

export const PROJECT_FIELDS = 'name description createdAt';
export const REPO_FIELDS = 'project { name } name description kind createdAt branchCount sizeBytes';
export const BRANCH_FIELDS = 'name head { id } createdAt';
export const COMMIT_FIELDS =
  'id repo { project { name } name } branch parent { id } origin state commitSet description fileCount sizeBytes createdAt finishedAt error';
export const FILE_FIELDS = 'path ref type size hash fileCount subjects commit { id }';

type Nested<T, K extends keyof T, V> = Omit<T, K> & V;

export type RepoNode = Nested<RepoView, 'project', { project: { name: string } }>;
export type BranchNode = Nested<BranchView, 'head', { head: { id: string } | null }>;
export type CommitNode = Nested<
  CommitView,
  'repoId' | 'parentId',
  { repo: { project: { name: string }; name: string }; parent: { id: string } | null }
>;
export type FileNode = Nested<FileView, 'commitId' | 'type', { commit: { id: string }; type: string }>;

const lower = (value: string): string => value.toLowerCase();

export function repoView(r: RepoNode): RepoView {
  return { ...r, project: r.project.name, kind: lower(r.kind) };
}

export function branchView(b: BranchNode): BranchView {
  return { ...b, head: b.head?.id ?? null };
}

export function commitView(c: CommitNode): CommitView {
  const { repo, parent, ...rest } = c;
  return {
    ...rest,
    repoId: `${repo.project.name}/${repo.name}`,
    parentId: parent?.id ?? null,
    origin: lower(c.origin),
    state: lower(c.state),
  };
}

export function fileView(f: FileNode): FileView {
  const { commit, ...rest } = f;
  return { ...rest, type: lower(f.type) as FileView['type'], commitId: commit.id };
}

/** `default/images` → `images`, as references write it. */
export function shortRepo(repoId: string): string {
  return repoId.startsWith('default/') ? repoId.slice('default/'.length) : repoId;
}
