/**
 * A local-disk object store in a fresh temporary directory, for tests and benchmarks that
 * need real storage without a running service. `cleanup` removes the directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalDiskObjectStore } from './local-disk-object-store.js';
import type { ObjectStore } from './object-store.js';

export interface TempDirObjectStore {
  store: ObjectStore;
  dir: string;
  cleanup(): Promise<void>;
}

export async function createTempDirObjectStore(label = 'objects'): Promise<TempDirObjectStore> {
  const dir = await mkdtemp(join(tmpdir(), `stemma-${label}-`));
  const store = createLocalDiskObjectStore({ dir });
  return { store, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
