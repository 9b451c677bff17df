import { formatAncestry } from './ancestry.js';
import { type CommitRef, DEFAULT_PROJECT, type FileRef, type RefTarget } from './parse-ref.js';

/**
 * Writes a commit reference back in pachctl syntax (`images@master^2`,
 * `research/images@master=<id>`); the `default/` project prefix is left out.
 * `parseCommitRef(formatCommitRef(r))` gives back `r`.
 */
export function formatCommitRef(ref: CommitRef): string {
  const repo = ref.project === DEFAULT_PROJECT ? ref.repo : `${ref.project}/${ref.repo}`;
  return `${repo}@${formatRefTarget(ref.ref)}`;
}

/** Writes a file reference back in pachctl syntax: `images@master:/a.png`. */
export function formatFileRef(ref: FileRef): string {
  return `${formatCommitRef(ref)}:${ref.path}`;
}

function formatRefTarget(target: RefTarget): string {
  const base = [target.branch, target.commitId].filter((part) => part !== undefined).join('=');
  return formatAncestry(base, target.ancestry);
}
