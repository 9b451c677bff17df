/**
 * Checks of command-line arguments before anything is sent: references through the
 * pfs parsers (their messages name the problem and the expected form), counts, names.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { validateProjectName, validateRepoName } from '../pfs/paths/index.js';
import {
  DEFAULT_PROJECT,
  formatCommitRef,
  parseCommitRef,
  parseFileRef,
  type CommitRef,
  type FileRef,
} from '../pfs/refs/index.js';

/** A commander option parser for a whole number of at least `min`, e.g. `--limit`. */
export function countOption(flag: string, min = 1): (value: string) => number {
  return (value: string) => {
    const n = /^[0-9]{1,15}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`${flag} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`, { flag });
    }
    return n;
  };
}

/** A commander option parser for one of a fixed set of words, e.g. `--split csv`. */
export function choiceOption<T extends string>(flag: string, choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(`${flag} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`, { flag });
    }
    return value as T;
  };
}

/** `images` with `--project research`, or `research/images`: a checked project and repo. */
export function parseRepoArg(text: string, project?: string): { project: string; repo: string } {
  const slash = text.indexOf('/');
  const repo = slash === -1 ? text : text.slice(slash + 1);
  const owner = slash === -1 ? (project ?? DEFAULT_PROJECT) : text.slice(0, slash);
  if (slash !== -1 && project !== undefined && project !== owner) {
    throw new InvalidArgumentError(`${JSON.stringify(text)} names project "${owner}" but --project says "${project}"; give one of them`);
  }
  validateProjectName(owner);
  validateRepoName(repo);
  return { project: owner, repo };
}

/** Refuses a reference that is not a plain branch: writes go to a branch, not to a commit. */
function requireBranch(ref: CommitRef, input: string, verb: string): string {
  const { branch, commitId, ancestry } = ref.ref;
  if (branch === undefined || commitId !== undefined || ancestry !== undefined) {
    throw new InvalidArgumentError(
      `${verb} needs a branch, not a commit: ${JSON.stringify(input)} does not name one; write repo@branch, e.g. ${ref.repo}@master`,
      { input },
    );
  }
  return branch;
}

/** `repo@branch` for verbs that write (start commit, create branch). */
export function parseBranchRef(input: string, verb: string): CommitRef & { branch: string } {
  const ref = parseCommitRef(input);
  return { ...ref, branch: requireBranch(ref, input, verb) };
}

/** `repo@branch:/path` for verbs that write files (put, delete, copy destination). */
export function parseBranchFileRef(input: string, verb: string): FileRef & { branch: string } {
  const ref = parseFileRef(input);
  return { ...ref, branch: requireBranch(ref, input, verb) };
}

/**
 * `--head` of `create branch`: a commit ref (`images@master^`), or a bare commit id or
 * ref (`master^`, `<id>`) read in the new branch's repo. Returned in full form.
 */
export function parseHeadRef(input: string, repo: { project: string; repo: string }): string {
  const full = input.includes('@') ? input : `${repo.project === DEFAULT_PROJECT ? '' : `${repo.project}/`}${repo.repo}@${input}`;
  const ref = parseCommitRef(full);
  if (ref.project !== repo.project || ref.repo !== repo.repo) {
    throw new InvalidArgumentError(`--head ${JSON.stringify(input)} is in another repo; a branch's head must be a commit of ${repo.repo}`);
  }
  return formatCommitRef(ref);
}

/** Splits `images@master:/*.csv` into the commit reference and the glob pattern. */
export function parseGlobArg(input: string): { ref: CommitRef; pattern: string } {
  const at = input.indexOf('@');
  const colon = input.indexOf(':', at === -1 ? 0 : at);
  if (colon === -1) {
    throw new InvalidArgumentError(`glob file ${JSON.stringify(input)} has no pattern; write repo@ref:<pattern>, e.g. images@master:/**/*.png`);
  }
  const ref = parseCommitRef(input.slice(0, colon));
  const raw = input.slice(colon + 1);
  if (raw === '') throw new InvalidArgumentError(`glob file ${JSON.stringify(input)}: the pattern after ":" is empty`);
  return { ref, pattern: raw.startsWith('/') ? raw : `/${raw}` };
}
