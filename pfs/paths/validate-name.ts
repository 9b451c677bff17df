import { InvalidArgumentError } from '../../core/errors.js';
import { looksLikeCommitId } from '../refs/commit-id.js';

/** Longest project, repo, branch or pipeline name accepted (a Kubernetes label value). */
export const MAX_NAME_LENGTH = 63;

/**
 * Pachyderm's rule for names: letters, digits, `_` and `-` only. No `.`, `^`, `~`, `@`,
 * `:` or `/`, which would be ambiguous in `project/repo@branch^2:/path` references.
 */
const NAME_PATTERN = /^[A-Za-z0-9_-]+$/;
const RULE = `use only letters, digits, "_" and "-", at most ${MAX_NAME_LENGTH} characters`;

type NameKind = 'project' | 'repo' | 'branch' | 'pipeline';

/** Refuses a repo name that is not `[A-Za-z0-9_-]{1,63}`. */
export function validateRepoName(name: string): void {
  validateName('repo', name);
}

/** Refuses a project name that is not `[A-Za-z0-9_-]{1,63}`. */
export function validateProjectName(name: string): void {
  validateName('project', name);
}

/** Refuses a pipeline name that is not `[A-Za-z0-9_-]{1,63}`. */
export function validatePipelineName(name: string): void {
  validateName('pipeline', name);
}

/**
 * Refuses a branch name that is not `[A-Za-z0-9_-]{1,63}` (Pachyderm allows no `.` in
 * branch names: `master.1` is ancestry syntax), or that is 32 hexadecimal characters and
 * so would be read as a commit id.
 */
export function validateBranchName(name: string): void {
  validateName('branch', name);
  if (looksLikeCommitId(name)) {
    throw new InvalidArgumentError(
      `branch name ${JSON.stringify(name)} is invalid: 32 hexadecimal characters are read as a commit id; choose another name`,
      { kind: 'branch', name },
    );
  }
}

function validateName(kind: NameKind, name: string): void {
  if (typeof name !== 'string' || name === '') {
    throw new InvalidArgumentError(`${kind} name must not be empty: ${RULE}`, { kind, name });
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidArgumentError(
      `${kind} name ${JSON.stringify(shorten(name))} is invalid: it has ${name.length} characters; ${RULE}`,
      { kind, name },
    );
  }
  if (!NAME_PATTERN.test(name)) {
    throw new InvalidArgumentError(`${kind} name ${JSON.stringify(name)} is invalid: ${RULE}`, { kind, name });
  }
}

function shorten(name: string): string {
  return name.length > 80 ? `${name.slice(0, 80)}…` : name;
}
