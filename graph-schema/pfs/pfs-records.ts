/** The versioned file system's records as the graph stores them. */

export type CommitOrigin = 'user' | 'pipeline' | 'erasure';
export type CommitState = 'open' | 'finishing' | 'finished' | 'failed';

export interface ProjectRecord {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface RepoRecord {
  /** `project/name` */
  id: string;
  project: string;
  name: string;
  description: string;
  /** `user` for data put by people, `pipeline` for a pipeline's output repo. */
  kind: 'user' | 'pipeline';
  createdAt: string;
  branchCount: number;
  /** Bytes of the newest finished commit on the default branch, if any. */
  sizeBytes: number;
}

export interface BranchRecord {
  /** `project/repo@name` */
  id: string;
  repoId: string;
  name: string;
  head: string | null;
  createdAt: string;
}

export interface CommitRecord {
  id: string;
  repoId: string;
  branch: string | null;
  parentId: string | null;
  origin: CommitOrigin;
  state: CommitState;
  commitSet: string;
  description: string;
  /** Root hash of the commit's manifest; null until it finishes (or for an empty repo). */
  manifest: string | null;
  fileCount: number;
  sizeBytes: number;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface FileVersionRecord {
  /** sha256 of repoId, path and content hash. */
  id: string;
  repoId: string;
  path: string;
  hash: string;
  size: number;
  subjects: string[];
}

export function repoId(project: string, repo: string): string {
  return `${project}/${repo}`;
}

export function branchId(project: string, repo: string, branch: string): string {
  return `${project}/${repo}@${branch}`;
}
