import type { InputRepoRef } from '../spec/input-repos.js';

/** A file of an input commit, as its manifest lists it. */
export interface FileEntry {
  /** Path in the repo, `/a/b.txt` form. */
  path: string;
  /** Content hash. */
  hash: string;
  size: number;
}

/** Lists every file of the commit a pfs input reads (the head of its branch for the job). */
export type ListFiles = (ref: InputRepoRef) => readonly FileEntry[];

/** One input's share of a datum: a glob match and the files under it. */
export interface DatumInput {
  /** The input name: the code reads these files under `/pfs/<name>`. */
  name: string;
  project: string;
  repo: string;
  branch: string;
  commit?: string;
  glob: string;
  /** The matched path (file or directory), or `/` for the glob `/`. */
  root: string;
  /** Every file at or under `root`, sorted by path. */
  files: FileEntry[];
  /** The join key of this match (the expanded `joinOn`), when the input has one. */
  joinOn?: string;
  /** The group key of this match (the expanded `groupBy`), when the input has one. */
  groupBy?: string;
  outerJoin: boolean;
  emptyFiles: boolean;
  lazy: boolean;
}

/** One unit of work: the code runs once with these inputs under `/pfs`. */
export interface Datum {
  /** Stable across commits: which matches of which inputs (not their content). */
  id: string;
  /** Changes when any file content, the spec or the salt changes. */
  hash: string;
  inputs: DatumInput[];
}

/** What datum hashes depend on besides the files. */
export interface DatumHashContext {
  /** `specHash` of the pipeline version. */
  specHash?: string;
  salt?: string;
}

export interface PlanDatumsOptions extends DatumHashContext {
  /** The commit each input reads, recorded on its datum inputs. */
  commitOf?: (ref: InputRepoRef) => string | undefined;
}
