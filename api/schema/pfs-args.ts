/**
 * Reading the string arguments of the file-system fields: pachctl-style references, parsed
 * and validated, with every refusal an INVALID_ARGUMENT that names the argument.
 */
import { InvalidArgumentError, isStemmaError } from '../../core/errors.js';
import type { BranchTarget } from '../../pfs/commits/commit-service.js';
import { DEFAULT_PROJECT, formatFileRef, parseCommitRef, parseFileRef, type CommitRef, type FileRef } from '../../pfs/refs/index.js';

/** Runs `parse` (sync or async), prefixing an invalid-argument refusal with the argument's name. */
export function argument<T>(name: string, parse: () => T): T {
  const named = (err: unknown): unknown =>
    isStemmaError(err) && err.code === 'INVALID_ARGUMENT' ? new InvalidArgumentError(`${name}: ${err.message}`, { ...err.details, argument: name }) : err;
  try {
    const result = parse();
    if (result instanceof Promise) {
      return result.catch((err: unknown) => {
        throw named(err);
      }) as T;
    }
    return result;
  } catch (err) {
    throw named(err);
  }
}

/** A file reference such as `images@master:/dir` or `research/images@<commit id>:/a.png`. */
export function fileRefArg(name: string, value: string): FileRef {
  return argument(name, () => parseFileRef(value));
}

/** A file reference that must name a branch head, where a write goes. */
export function branchFileArg(name: string, value: string): { target: BranchTarget; path: string } {
  return argument(name, () => {
    const ref = parseFileRef(value);
    const branch = ref.ref.branch;
    if (!branch || ref.ref.commitId || ref.ref.ancestry) {
      throw new InvalidArgumentError(`${formatFileRef(ref)} names a commit; writes go to a branch, e.g. images@master:/a.png`);
    }
    return { target: { project: ref.project, repo: ref.repo, branch }, path: ref.path };
  });
}

/** A commit in a known repo: `master^`, a commit id, or a full reference such as `images@master`. */
export function commitInRepoArg(name: string, value: string, repo: { project: string; repo: string }): CommitRef {
  return argument(name, () => parseCommitRef(value.includes('@') ? value : `${repo.project}/${repo.repo}@${value}`));
}

/** `project/name` back into its parts. */
export function splitRepoId(repoId: string): { project: string; repo: string } {
  const slash = repoId.indexOf('/');
  return slash === -1 ? { project: DEFAULT_PROJECT, repo: repoId } : { project: repoId.slice(0, slash), repo: repoId.slice(slash + 1) };
}
