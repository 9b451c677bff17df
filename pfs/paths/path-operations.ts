import { normalizePath } from './normalize-path.js';

/**
 * Joins path parts into one canonical path. Each part may hold several segments
 * (`joinPath('/data', 'a/b.csv')`); a part's own leading or trailing `/` is ignored, so
 * `joinPath('/data/', '/a.csv')` is `/data/a.csv` (parts are appended, never resolved
 * against the root as `path.resolve` would). Empty parts are skipped. The result is
 * checked by {@link normalizePath}, so `..`, `//` and the like are refused.
 */
export function joinPath(...parts: string[]): string {
  const trimmed = parts
    .map((part) => part.replace(/^\//, '').replace(/\/$/, ''))
    .filter((part) => part !== '');
  return normalizePath('/' + trimmed.join('/'));
}

/** The directory holding `path`: `/a/b.csv` → `/a`, `/a` → `/`. The root is its own parent. */
export function parentDir(path: string): string {
  const canonical = normalizePath(path);
  const cut = canonical.lastIndexOf('/');
  return cut <= 0 ? '/' : canonical.slice(0, cut);
}

/** The last segment of `path`: `/a/b.csv` → `b.csv`; the root has none and gives `''`. */
export function basename(path: string): string {
  const canonical = normalizePath(path);
  return canonical.slice(canonical.lastIndexOf('/') + 1);
}

/**
 * True when `path` is `prefix` itself or lies inside the directory `prefix`, segment-wise:
 * `/a/b` is under `/a`, `/ab` is not. Every path is under `/`. Both arguments are
 * normalised first (and refused if invalid).
 */
export function isUnder(path: string, prefix: string): boolean {
  const p = normalizePath(path);
  const dir = normalizePath(prefix);
  if (dir === '/' || p === dir) return true;
  return p.startsWith(dir + '/');
}
