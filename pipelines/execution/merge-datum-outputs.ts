import { FailedPreconditionError } from '../../core/errors.js';
import type { TreeChanges, TreeEntry } from '../../pfs/tree-store.js';

/** The files one datum wrote to `/pfs/out`, as stored. */
export interface DatumOutputs {
  datumKey: string;
  outputs: TreeEntry[];
}

export interface MergedOutputs {
  /** What to apply to the parent's output tree: removed datums' files out, new files in. */
  changes: TreeChanges;
  /**
   * New paths that no removed datum wrote: each must be absent from the parent's tree, or a
   * carried-forward datum wrote it too.
   */
  unclaimed: string[];
  /** Which datum wrote each new path. */
  writers: Map<string, string>;
}

/** Two datums wrote one path: the job fails, naming both. */
export function outputConflict(path: string, first: string, second: string): FailedPreconditionError {
  const [a, b] = [first, second].sort();
  return new FailedPreconditionError(
    `datums ${a} and ${b} both write ${path}: a path of the output can come from one datum only; change the glob or the code so that each datum writes its own paths`,
    { path, datums: [a, b] },
  );
}

/**
 * Merges datum outputs into changes to the parent job's output tree: the files of removed
 * (gone or changed) datums are deleted unless a new datum writes them again, and the new
 * datums' files are put. Two new datums writing one path, or one writing a file where
 * another writes a directory, throw an error naming both datums and the path.
 */
export function mergeDatumOutputs(produced: readonly DatumOutputs[], removed: readonly DatumOutputs[]): MergedOutputs {
  const writers = new Map<string, string>();
  const puts: TreeEntry[] = [];
  for (const datum of produced) {
    for (const entry of datum.outputs) {
      const other = writers.get(entry.path);
      if (other !== undefined && other !== datum.datumKey) throw outputConflict(entry.path, other, datum.datumKey);
      writers.set(entry.path, datum.datumKey);
      puts.push(entry);
    }
  }
  assertNoFileDirectoryClash(writers);
  const removedPaths = new Set(removed.flatMap((d) => d.outputs.map((e) => e.path)));
  const deletes = [...removedPaths].filter((path) => !writers.has(path)).sort();
  const unclaimed = [...writers.keys()].filter((path) => !removedPaths.has(path)).sort();
  return { changes: { puts, deletes, deletePrefixes: [] }, unclaimed, writers };
}

function assertNoFileDirectoryClash(writers: Map<string, string>): void {
  for (const [path, datum] of writers) {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      const parent = writers.get(path.slice(0, cut));
      if (parent !== undefined) throw outputConflict(path.slice(0, cut), parent, datum);
    }
  }
}
