import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import type { ListOptions, ObjectStore } from '../object-store/object-store.js';
import { createTempDirObjectStore } from '../object-store/temp-dir-object-store.js';
import { newPackId, packIdTime, packIndexKey, packListStartAt } from './blob-keys.js';
import { BlobIndex, FULL_LIST_EVERY_MS, LIST_OVERLAP_MS } from './blob-index.js';
import { encodePackIndex } from './pack-index-format.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => Promise.all(cleanups.splice(0).map((c) => c())));

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

/** A temp-dir store that remembers how each listing started and how many keys it gave. */
async function listedStore() {
  const temp = await createTempDirObjectStore('blob-index');
  cleanups.push(temp.cleanup);
  const listings: { startAfter: string | undefined; keys: number }[] = [];
  const inner = temp.store;
  async function* list(prefix: string, opts?: ListOptions) {
    const listing = { startAfter: opts?.startAfter, keys: 0 };
    listings.push(listing);
    for await (const info of inner.list(prefix, opts)) {
      listing.keys++;
      yield info;
    }
  }
  const store = new Proxy(inner, {
    get: (target, name) => (name === 'list' ? list : (Reflect.get(target, name) as unknown)),
  }) as ObjectStore;
  return { store, listings };
}

/** Stores the index of a pack opened at `at`, holding one blob of content `hash`. */
async function storePack(store: ObjectStore, at: number, hash: string): Promise<string> {
  const id = newPackId(at);
  await store.put(packIndexKey(id), encodePackIndex([{ hash, offset: 0, length: 10, size: 10 }]));
  return id;
}

describe('pack ids', () => {
  it('carry the time the pack was opened, and sort by it', () => {
    const early = newPackId(T0);
    const late = newPackId(T0 + 1);
    expect(packIdTime(early)).toBe(T0);
    expect(packIndexKey(early) > packListStartAt(T0)).toBe(true);
    expect(packIndexKey(early) < packListStartAt(T0 + 1)).toBe(true);
    expect(packIndexKey(late) > packListStartAt(T0 + 1)).toBe(true);
    for (const id of ['', 'abc', 'zzzzzzzzz_0123', 'not-a-pack-id-at-all']) expect(packIdTime(id)).toBeNull();
  });
});

describe('BlobIndex refresh', () => {
  it('lists every pack first, then only those opened since the newest it knows, less the overlap', async () => {
    const { store, listings } = await listedStore();
    let now = T0;
    const index = new BlobIndex(store, silentLogger, () => now);
    for (let i = 0; i < 5; i++) await storePack(store, T0 - 60 * MINUTE + i * MINUTE, `old${i}`);
    await index.refresh();
    expect(listings).toEqual([{ startAfter: undefined, keys: 5 }]);
    expect(index.lookup('old4')).toBeDefined();

    now = T0 + 5 * MINUTE;
    await storePack(store, now, 'new');
    await index.refresh();
    // The newest known was opened at T0 - 56 min: the listing starts 10 minutes before that.
    expect(listings[1]).toEqual({ startAfter: packListStartAt(T0 - 56 * MINUTE - LIST_OVERLAP_MS), keys: 6 });
    expect(index.lookup('new')).toBeDefined();

    now = T0 + 6 * MINUTE;
    await index.refresh();
    expect(listings[2]).toEqual({ startAfter: packListStartAt(T0 + 5 * MINUTE - LIST_OVERLAP_MS), keys: 1 });
    expect(index.size).toBe(6);
  });

  it('finds an index written long after its pack was opened at the next whole listing', async () => {
    const { store, listings } = await listedStore();
    let now = T0;
    const index = new BlobIndex(store, silentLogger, () => now);
    await storePack(store, T0, 'first');
    await index.refresh();
    // A pack opened 20 minutes before the newest known, whose index comes only now.
    await storePack(store, T0 - 20 * MINUTE, 'late');
    now = T0 + MINUTE;
    await index.refresh();
    expect(index.lookup('late')).toBeUndefined();
    now = T0 + FULL_LIST_EVERY_MS;
    await index.refresh();
    expect(listings.at(-1)).toEqual({ startAfter: undefined, keys: 2 });
    expect(index.lookup('late')).toBeDefined();
  });

  it('is not misled by a pack id from a clock ahead of its own', async () => {
    const { store } = await listedStore();
    let now = T0;
    const index = new BlobIndex(store, silentLogger, () => now);
    await storePack(store, T0 + 24 * 60 * MINUTE, 'from-the-future');
    await index.refresh();
    now = T0 + MINUTE;
    await storePack(store, now, 'now');
    await index.refresh();
    expect(index.lookup('now')).toBeDefined();
  });

  it('learns the newest pack from the packs it writes itself', async () => {
    const { store, listings } = await listedStore();
    const now = T0;
    const index = new BlobIndex(store, silentLogger, () => now);
    await index.refresh();
    index.record(newPackId(T0 - 2 * MINUTE), [{ hash: 'mine', offset: 0, length: 1, size: 1 }]);
    await index.refresh();
    expect(listings[1]!.startAfter).toBe(packListStartAt(T0 - 2 * MINUTE - LIST_OVERLAP_MS));
    expect(index.lookup('mine')).toBeDefined();
  });
});
