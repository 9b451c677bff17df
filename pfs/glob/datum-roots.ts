import { compileGlob, normalisePath } from './compile-glob.js';

/** A path the glob matched: one datum of a pfs input. */
export interface DatumRoot {
  /** The matched path: a file, a directory, or `/` for the glob `/`. */
  readonly path: string;
  readonly isDirectory: boolean;
  /** Capture groups of the match (`captures[0]` is `$1`). */
  readonly captures: string[];
  /** Every file at or under `path`, sorted. */
  readonly files: string[];
}

/**
 * Finds the datum roots of a commit the way Pachyderm does. The glob is matched against
 * every file and every directory of the commit (directories are implied by the files'
 * paths; the root is matched only by the glob `/`); each matched path is one datum holding
 * everything at or under it. So `/*` over `/a/x`, `/a/y`, `/b` gives the roots `/a` (with
 * both files) and `/b`. A glob that matches both a directory and paths below it, such as
 * `/**`, gives overlapping datums, as in Pachyderm. Roots come back sorted by path; an
 * empty commit has no datums, even for `/`.
 */
export function matchDatumRoots(glob: string, paths: readonly string[]): DatumRoot[] {
  const matcher = compileGlob(glob);
  const files = [...new Set(paths.map(normalisePath))].filter((p) => p !== '/').sort();
  if (files.length === 0) return [];
  if (matcher.glob === '/') return [{ path: '/', isDirectory: true, captures: [], files }];

  const fileSet = new Set(files);
  const roots = new Map<string, { captures: string[]; files: string[] }>();
  for (const candidate of candidatePaths(files)) {
    const result = matcher.match(candidate);
    if (result.matched) roots.set(candidate, { captures: result.captures, files: [] });
  }
  for (const file of files) {
    for (const prefix of selfAndAncestors(file)) roots.get(prefix)?.files.push(file);
  }
  return [...roots.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([path, root]) => ({ path, isDirectory: !fileSet.has(path), captures: root.captures, files: root.files }));
}

/** Every file and every directory above a file, except the root. */
function candidatePaths(files: readonly string[]): Set<string> {
  const candidates = new Set<string>();
  for (const file of files) for (const prefix of selfAndAncestors(file)) candidates.add(prefix);
  return candidates;
}

/** `/a/b/c` → `/a/b/c`, `/a/b`, `/a`. */
function selfAndAncestors(file: string): string[] {
  const out: string[] = [];
  for (let at = file.length; at > 0; at = file.lastIndexOf('/', at - 1)) out.push(file.slice(0, at));
  return out;
}

/** Code-unit order, the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
