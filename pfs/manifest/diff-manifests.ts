/**
 * What changed between two trees. Shards with the same hash hold the same entries, so they
 * are skipped unread; only the windows between shared shards are read and merged. Because
 * cuts are content-defined, two trees that differ in one path differ in one or two shards.
 */
import { comparePaths, type ManifestEntry } from './manifest-entry.js';
import type { ShardInfo } from './manifest-root.js';
import type { ManifestStore } from './manifest-store.js';
import { loadInOrder } from './read-manifest.js';

export type ManifestChange =
  | { kind: 'added'; path: string; after: ManifestEntry }
  | { kind: 'removed'; path: string; before: ManifestEntry }
  | { kind: 'changed'; path: string; before: ManifestEntry; after: ManifestEntry };

export interface ManifestDiff {
  added: ManifestEntry[];
  removed: ManifestEntry[];
  changed: { before: ManifestEntry; after: ManifestEntry }[];
}

/**
 * The changes that turn tree `before` into tree `after` (null: the empty tree), in path order.
 * An entry counts as changed when its content hash, size, transform or subjects differ.
 */
export async function* diffManifests(store: ManifestStore, before: string | null, after: string | null): AsyncGenerator<ManifestChange> {
  if (before !== null && before === after) return;
  const [a, b] = await Promise.all([store.loadRoot(before), store.loadRoot(after)]);
  for (const [windowA, windowB] of unsharedWindows(a.shards, b.shards)) {
    yield* diffEntries(await loadAll(store, windowA), await loadAll(store, windowB));
  }
}

/** Collects a diff into added, removed and changed lists. */
export async function collectManifestDiff(changes: AsyncIterable<ManifestChange>): Promise<ManifestDiff> {
  const diff: ManifestDiff = { added: [], removed: [], changed: [] };
  for await (const c of changes) {
    if (c.kind === 'added') diff.added.push(c.after);
    else if (c.kind === 'removed') diff.removed.push(c.before);
    else diff.changed.push({ before: c.before, after: c.after });
  }
  return diff;
}

/** Runs of shards between the shards both trees share (which are matched by hash, in order). */
export function unsharedWindows(a: readonly ShardInfo[], b: readonly ShardInfo[]): [ShardInfo[], ShardInfo[]][] {
  const inA = new Set(a.map((s) => s.hash));
  const shared = new Set(b.filter((s) => inA.has(s.hash)).map((s) => s.hash));
  const windows: [ShardInfo[], ShardInfo[]][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const wa: ShardInfo[] = [];
    const wb: ShardInfo[] = [];
    while (i < a.length && !shared.has(a[i]!.hash)) wa.push(a[i++]!);
    while (j < b.length && !shared.has(b[j]!.hash)) wb.push(b[j++]!);
    if (wa.length > 0 || wb.length > 0) windows.push([wa, wb]);
    if (i < a.length && j < b.length) {
      i++;
      j++;
    }
  }
  return windows;
}

async function loadAll(store: ManifestStore, shards: ShardInfo[]): Promise<ManifestEntry[]> {
  const entries: ManifestEntry[] = [];
  for await (const part of loadInOrder(store, shards)) for (const e of part) entries.push(e);
  return entries;
}

function* diffEntries(a: readonly ManifestEntry[], b: readonly ManifestEntry[]): Generator<ManifestChange> {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const order = i >= a.length ? 1 : j >= b.length ? -1 : comparePaths(a[i]!.path, b[j]!.path);
    if (order < 0) {
      const before = a[i++]!;
      yield { kind: 'removed', path: before.path, before };
    } else if (order > 0) {
      const after = b[j++]!;
      yield { kind: 'added', path: after.path, after };
    } else {
      const before = a[i++]!;
      const after = b[j++]!;
      if (!sameContent(before, after)) yield { kind: 'changed', path: after.path, before, after };
    }
  }
}

function sameContent(x: ManifestEntry, y: ManifestEntry): boolean {
  if (x.hash !== y.hash || x.size !== y.size || x.ref.transform !== y.ref.transform) return false;
  const sx = x.subjects ?? [];
  const sy = y.subjects ?? [];
  return sx.length === sy.length && sx.every((s, k) => s === sy[k]);
}
