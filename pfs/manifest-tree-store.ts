/**
 * The commit engine's trees over sharded manifests. Directory semantics live here: deleting
 * or listing `/d` means `/d` itself and everything under `/d/`, never `/dx`.
 */
import { applyChanges } from './manifest/apply-manifest-changes.js';
import { collectManifestDiff, diffManifests } from './manifest/diff-manifests.js';
import { createManifestStore } from './manifest/manifest-store.js';
import { lookup, readManifest } from './manifest/read-manifest.js';
import type { ObjectStore } from './object-store/object-store.js';
import type { TreeStore } from './tree-store.js';

export function createManifestTreeStore(objects: ObjectStore): TreeStore {
  const store = createManifestStore(objects);
  return {
    async apply(base, changes) {
      const deletes = [...changes.deletes];
      const deletePrefixes: string[] = [];
      for (const dir of changes.deletePrefixes) {
        if (dir === '/') deletePrefixes.push('/');
        else {
          deletes.push(dir);
          deletePrefixes.push(`${dir}/`);
        }
      }
      const root = await applyChanges(store, base, { puts: changes.puts, deletes, deletePrefixes });
      const summary = await store.loadRoot(root);
      return summary.count === 0 ? { root: null, fileCount: 0, sizeBytes: 0 } : { root, fileCount: summary.count, sizeBytes: summary.bytes };
    },

    async *list(root, opts = {}) {
      const dir = opts.prefix ?? '/';
      if (dir === '/') {
        yield* readManifest(store, root);
        return;
      }
      for await (const e of readManifest(store, root, { prefix: dir })) {
        if (e.path === dir || e.path.startsWith(`${dir}/`)) yield e;
      }
    },

    lookup: (root, path) => lookup(store, root, path),

    diff: async (before, after) => collectManifestDiff(diffManifests(store, before, after)),
  };
}
