/**
 * One file of a commit's tree: its path, its content (hash, size and where the bytes are),
 * and the data subjects its records belong to. Entries are ordered by path, comparing
 * JavaScript strings (UTF-16 code units).
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ContentRef } from '../blobs/content-ref.js';

export interface ManifestEntry {
  path: string;
  /** sha256 of the content; equal to `ref.hash`. */
  hash: string;
  /** Content length in bytes; equal to `ref.size`. */
  size: number;
  ref: ContentRef;
  /** Data subjects whose records the file holds (set by `--subject-field`). */
  subjects?: string[];
}

export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds an entry from a content ref, keeping `hash` and `size` consistent with it. */
export function manifestEntry(path: string, ref: ContentRef, subjects?: string[]): ManifestEntry {
  return subjects && subjects.length > 0 ? { path, hash: ref.hash, size: ref.size, ref, subjects } : { path, hash: ref.hash, size: ref.size, ref };
}

/** @throws InvalidArgumentError when the entry is malformed or disagrees with its ref. */
export function assertManifestEntry(entry: ManifestEntry): void {
  if (typeof entry.path !== 'string' || entry.path.length === 0) {
    throw new InvalidArgumentError('manifest entry path: must be a non-empty string', { path: entry.path });
  }
  if (entry.hash !== entry.ref?.hash || entry.size !== entry.ref?.size) {
    throw new InvalidArgumentError(`manifest entry ${entry.path}: hash and size must equal those of its content ref`, {
      path: entry.path,
    });
  }
}

/** Sorts entries by path; a path given twice is an error unless `lastWins`. */
export function sortEntries(entries: Iterable<ManifestEntry>, lastWins: boolean): ManifestEntry[] {
  const byPath = new Map<string, ManifestEntry>();
  for (const entry of entries) {
    assertManifestEntry(entry);
    if (!lastWins && byPath.has(entry.path)) {
      throw new InvalidArgumentError(`manifest entry ${entry.path}: the path is given twice`, { path: entry.path });
    }
    byPath.set(entry.path, entry);
  }
  return [...byPath.values()].sort((a, b) => comparePaths(a.path, b.path));
}
