import { InvalidArgumentError } from '../../core/errors.js';

/**
 * A position relative to a branch head or a commit, in pachctl's ancestry syntax:
 * - `parent`, `n` generations back: `master^` (n = 1), `master^^` (2), `master^3` (3);
 *   `~` is a synonym of `^` (a commit has one parent, so git's difference vanishes).
 * - `nth`, the n-th commit of the branch's lineage counted from its oldest commit,
 *   starting at 1: `master.1` is the first commit ever made on master, `master.2` the next.
 */
export interface Ancestry {
  kind: 'parent' | 'nth';
  n: number;
}

/** A reference split into its base (branch, commit id, `branch=commit`) and ancestry. */
export interface ParsedAncestry {
  base: string;
  ancestry?: Ancestry;
}

const DIGITS = /^[0-9]{1,15}$/;

/**
 * Splits `master^2`, `master~~`, `master.1` into base and ancestry. `^0` and `~0` mean the
 * reference itself and give no ancestry. Refused: `.0` (counting starts at 1), a `.`
 * without a number, mixed markers (`master^~`, `master^2^`) and numbers beyond 15 digits.
 */
export function parseAncestry(ref: string): ParsedAncestry {
  const at = ref.search(/[\^~.]/);
  if (at === -1) return { base: ref };
  const base = ref.slice(0, at);
  const marker = ref.charAt(at);
  const suffix = ref.slice(at + 1);
  if (base === '') throw invalid(ref, `"${marker}" must follow a branch or commit id`);
  if (marker === '.') return { base, ancestry: nthAncestry(ref, suffix) };
  return withParent(base, parentGenerations(ref, marker, suffix));
}

/** Writes a base and ancestry back in pachctl syntax: `master^`, `master^3`, `master.1`. */
export function formatAncestry(base: string, ancestry?: Ancestry): string {
  if (!ancestry) return base;
  if (ancestry.kind === 'nth') return `${base}.${ancestry.n}`;
  return ancestry.n === 1 ? `${base}^` : `${base}^${ancestry.n}`;
}

function nthAncestry(ref: string, suffix: string): Ancestry {
  if (!DIGITS.test(suffix)) {
    throw invalid(
      ref,
      '"." must be followed by a commit number (master.1 is the first commit on master); branch names may not contain "."',
    );
  }
  const n = Number(suffix);
  if (n === 0) throw invalid(ref, 'commits are numbered from 1 (master.1 is the first commit on master)');
  return { kind: 'nth', n };
}

function parentGenerations(ref: string, marker: string, suffix: string): number {
  if (DIGITS.test(suffix)) return Number(suffix);
  if ([...suffix].every((c) => c === marker)) return suffix.length + 1;
  throw invalid(ref, `"${marker}" must be followed by a number or only more "${marker}" (master^^ or master^2)`);
}

function withParent(base: string, n: number): ParsedAncestry {
  return n === 0 ? { base } : { base, ancestry: { kind: 'parent', n } };
}

function invalid(ref: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(`invalid ancestry in ${JSON.stringify(ref)}: ${problem}`, { ref });
}
