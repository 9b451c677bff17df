/**
 * Synthetic manifest entries for tests and benchmarks: a tree of `count` files spread over
 * directories, each with a distinct content hash and a packed content ref.
 */
import { createHash } from 'node:crypto';
import { manifestEntry, type ManifestEntry } from './manifest-entry.js';

export function sampleEntry(path: string, version = 0): ManifestEntry {
  const hash = createHash('sha256').update(`${path}@${version}`).digest('hex');
  const size = 100 + (hash.charCodeAt(0) % 50) * 37;
  return manifestEntry(path, { hash, size, pack: { id: `pack-${hash.slice(0, 6)}`, offset: size * 3, length: size } });
}

/** `count` entries at `/data/dir-NNN/file-NNNNNN.csv`, `perDir` files per directory. */
export function sampleTree(count: number, perDir = 1000): ManifestEntry[] {
  return Array.from({ length: count }, (_, i) => sampleEntry(samplePath(i, perDir)));
}

export function samplePath(i: number, perDir = 1000): string {
  return `/data/dir-${String(Math.floor(i / perDir)).padStart(3, '0')}/file-${String(i).padStart(6, '0')}.csv`;
}
