import { InvalidArgumentError } from '../../core/errors.js';
import { translateGlob } from './glob-syntax.js';

/** The outcome of matching one path against a glob. */
export interface GlobMatch {
  readonly matched: boolean;
  /** Capture groups `$1..$n` (index 0 is `$1`); empty when not matched. */
  readonly captures: string[];
}

/** A glob compiled once and matched against many paths. */
export interface GlobMatcher {
  /** The glob as Pachyderm cleans it: leading `/`, no trailing `/`. */
  readonly glob: string;
  /** How many capture groups the glob has. */
  readonly captureCount: number;
  match(path: string): GlobMatch;
}

const NO_MATCH: GlobMatch = Object.freeze({ matched: false, captures: [] }) as GlobMatch;

/**
 * Cleans a glob the way Pachyderm does before matching: a missing leading `/` is added
 * and trailing `/` are removed, so `*`, `/*` and `/*\/` are the same glob.
 */
export function normaliseGlob(glob: string): string {
  if (glob.trim() === '') throw new InvalidArgumentError('glob must not be empty', { glob, reason: 'must not be empty' });
  let clean = glob.startsWith('/') ? glob : `/${glob}`;
  while (clean.length > 1 && clean.endsWith('/') && !clean.endsWith('\\/')) clean = clean.slice(0, -1);
  return clean;
}

/**
 * Cleans a file or directory path for matching: leading `/`, no trailing `/`
 * (the root stays `/`).
 */
export function normalisePath(path: string): string {
  let clean = path.startsWith('/') ? path : `/${path}`;
  while (clean.length > 1 && clean.endsWith('/')) clean = clean.slice(0, -1);
  return clean;
}

/**
 * Compiles a Pachyderm glob into a matcher. Matching follows Pachyderm: the whole path
 * must match, `*` and `?` never cross `/`, `**` does, and the glob `/` matches only the
 * root (the whole commit as one datum). Capture groups are numbered by their opening
 * parenthesis, as `$1..$n` in `joinOn`/`groupBy`.
 */
export function compileGlob(glob: string): GlobMatcher {
  const clean = normaliseGlob(glob);
  if (clean === '/') return rootMatcher();
  const { source, captureCount } = translateGlob(clean);
  const regex = new RegExp(`^${source}$`, 'su');
  return {
    glob: clean,
    captureCount,
    match(path: string): GlobMatch {
      const target = normalisePath(path);
      const found = regex.exec(target === '/' ? '' : target);
      if (!found) return NO_MATCH;
      return { matched: true, captures: found.slice(1).map((group) => group ?? '') };
    },
  };
}

function rootMatcher(): GlobMatcher {
  return {
    glob: '/',
    captureCount: 0,
    match: (path) => (normalisePath(path) === '/' ? { matched: true, captures: [] } : NO_MATCH),
  };
}
