import { InvalidArgumentError, isStemmaError } from '../../core/errors.js';
import { normalizePath } from '../paths/normalize-path.js';
import { validateBranchName, validateProjectName, validateRepoName } from '../paths/validate-name.js';
import { type Ancestry, parseAncestry } from './ancestry.js';
import { isCommitId, looksLikeCommitId } from './commit-id.js';

/** The project a reference without `project/` belongs to. */
export const DEFAULT_PROJECT = 'default';

/**
 * What a reference points at: a branch head, a commit, or both (`master=<id>`, pachctl's
 * "this commit, reached through this branch"), optionally moved by an ancestry.
 */
export interface RefTarget {
  branch?: string;
  commitId?: string;
  ancestry?: Ancestry;
}

/** `project/repo@ref`. */
export interface CommitRef {
  project: string;
  repo: string;
  ref: RefTarget;
}

/** `project/repo@ref:/path`; `path` is canonical (see normalizePath), `/` when omitted. */
export interface FileRef extends CommitRef {
  path: string;
}

const COMMIT_FORM = 'expected [project/]repo@branch or repo@<commit id>, e.g. images@master or images@master^2';
const FILE_FORM = 'expected [project/]repo@branch:/path, e.g. images@master:/a.png';

/**
 * Parses a commit reference as pachctl writes it: `images@master`, `images@master^`,
 * `images@master.1`, `images@<32-hex commit id>`, `images@master=<commit id>`,
 * `research/images@master`. Names are validated; the project defaults to `default`.
 */
export function parseCommitRef(input: string): CommitRef {
  return withForm(input, 'commit reference', COMMIT_FORM, () => {
    if (input.includes(':')) throw new InvalidArgumentError('a commit reference has no ":path" part');
    return splitCommitRef(input);
  });
}

/**
 * Parses a file reference as pachctl writes it: `images@master:/a.png`,
 * `research/images@master^2:/x`, `images@<commit id>:/dir/`. Without `:path` (or with an
 * empty one) the path is the root, `/`. The path is normalised and refused if invalid.
 */
export function parseFileRef(input: string): FileRef {
  return withForm(input, 'file reference', FILE_FORM, () => {
    const at = input.indexOf('@');
    const colon = input.indexOf(':', at === -1 ? 0 : at);
    const commitPart = colon === -1 ? input : input.slice(0, colon);
    const path = colon === -1 ? '/' : normalizePath(input.slice(colon + 1));
    return { ...splitCommitRef(commitPart), path };
  });
}

function splitCommitRef(input: string): CommitRef {
  const at = input.indexOf('@');
  if (at === -1) throw new InvalidArgumentError('"@" and a branch or commit id are missing');
  const { project, repo } = parseRepoPart(input.slice(0, at));
  return { project, repo, ref: parseRefTarget(input.slice(at + 1)) };
}

function parseRepoPart(part: string): { project: string; repo: string } {
  if (part === '') throw new InvalidArgumentError('the repo name before "@" is missing');
  const pieces = part.split('/');
  if (pieces.length > 2) throw new InvalidArgumentError(`"${part}" has more than one "/"; write project/repo`);
  const [first = '', second] = pieces;
  const project = second === undefined ? DEFAULT_PROJECT : first;
  const repo = second ?? first;
  validateProjectName(project);
  validateRepoName(repo);
  return { project, repo };
}

function parseRefTarget(text: string): RefTarget {
  if (text === '') throw new InvalidArgumentError('the branch or commit id after "@" is missing');
  const { base, ancestry } = parseAncestry(text);
  const target = parseBase(base);
  return ancestry ? { ...target, ancestry } : target;
}

function parseBase(base: string): RefTarget {
  const eq = base.indexOf('=');
  if (eq !== -1) {
    const branch = base.slice(0, eq);
    validateBranchName(branch);
    return { branch, commitId: parseCommitId(base.slice(eq + 1)) };
  }
  if (looksLikeCommitId(base)) return { commitId: parseCommitId(base) };
  validateBranchName(base);
  return { branch: base };
}

function parseCommitId(text: string): string {
  if (isCommitId(text)) return text;
  if (looksLikeCommitId(text)) {
    throw new InvalidArgumentError(`commit id "${text}" must be written in lowercase`);
  }
  throw new InvalidArgumentError(`"${text}" is not a commit id (32 lowercase hexadecimal characters)`);
}

function withForm<T>(input: string, what: string, form: string, parse: () => T): T {
  if (typeof input !== 'string') {
    throw new InvalidArgumentError(`${what} must be a string; ${form}`, { input });
  }
  try {
    return parse();
  } catch (err) {
    if (!isStemmaError(err) || err.code !== 'INVALID_ARGUMENT') throw err;
    throw new InvalidArgumentError(`invalid ${what} ${JSON.stringify(input)}: ${err.message}; ${form}`, {
      ...err.details,
      input,
    });
  }
}
