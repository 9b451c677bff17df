/**
 * What the byte endpoints read from a request: the repo, branch or ref and file path of the
 * URL, and the query parameters, checked with zod. Every refusal is an INVALID_ARGUMENT that
 * names the parameter at fault.
 */
import { z } from 'zod';
import { InvalidArgumentError } from '../../core/errors.js';
import type { BranchTarget } from '../../pfs/commits/commit-service.js';
import { normalizePath } from '../../pfs/paths/index.js';
import { formatCommitRef, parseCommitRef, type CommitRef } from '../../pfs/refs/index.js';
import type { SplitOptions } from '../../pfs/split/index.js';

const booleanParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const countParam = z
  .string()
  .regex(/^[0-9]{1,15}$/, 'must be a whole number')
  .transform(Number)
  .pipe(z.number().int().min(1, 'must be at least 1'));
const textParam = z.string().max(4096, 'must be at most 4096 characters');

export const putFileQueryModel = z.strictObject({
  append: booleanParam.optional(),
  split: z.enum(['line', 'csv', 'json']).optional(),
  subjectField: z.string().min(1, 'must not be empty').optional(),
  targetFileDatums: countParam.optional(),
  targetFileBytes: countParam.optional(),
  description: textParam.optional(),
});

export const tarQueryModel = z.strictObject({
  path: z.string().optional(),
  description: textParam.optional(),
});

export type PutFileQuery = z.output<typeof putFileQueryModel>;

/** Validates a request's query; unknown or repeated parameters are refused too. */
export function parseQuery<M extends z.ZodType>(model: M, query: unknown): z.output<M> {
  const parsed = model.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const name = issue.keys[0] ?? '';
    throw new InvalidArgumentError(`unknown query parameter ${JSON.stringify(name)}`, { parameter: name });
  }
  const name = String(issue?.path[0] ?? '');
  const problem = issue?.code === 'invalid_type' && issue.expected === 'string' ? 'must be given once' : (issue?.message ?? 'is invalid');
  throw new InvalidArgumentError(`query parameter ${name}: ${problem}`, { parameter: name });
}

/** The split options of an upload, or undefined for a plain file; inconsistent mixes are refused. */
export function splitOptionsOf(q: PutFileQuery): SplitOptions | undefined {
  if (!q.split) {
    for (const name of ['subjectField', 'targetFileDatums', 'targetFileBytes'] as const) {
      if (q[name] !== undefined) throw new InvalidArgumentError(`query parameter ${name}: only applies with split=csv|json|line`, { parameter: name });
    }
    return undefined;
  }
  if (q.append) throw new InvalidArgumentError('query parameter append: cannot be combined with split (a split replaces the directory of records)', { parameter: 'append' });
  return {
    format: q.split,
    ...(q.subjectField !== undefined ? { subjectField: q.subjectField } : {}),
    ...(q.targetFileDatums !== undefined ? { targetFileDatums: q.targetFileDatums } : {}),
    ...(q.targetFileBytes !== undefined ? { targetFileBytes: q.targetFileBytes } : {}),
  };
}

/** The commit a URL's `{project}/{repo}/{ref}` names: a branch, a commit id, with ancestry. */
export function commitRefOf(params: Record<string, unknown>): CommitRef {
  return parseCommitRef(`${String(params.project)}/${String(params.repo)}@${String(params.ref)}`);
}

/** The branch an upload goes to; a commit id or an ancestry is refused. */
export function branchTargetOf(params: Record<string, unknown>): BranchTarget {
  const ref = commitRefOf(params);
  const branch = ref.ref.branch;
  if (!branch || ref.ref.commitId || ref.ref.ancestry) {
    throw new InvalidArgumentError(`${formatCommitRef(ref)}: uploads go to a branch, not to a commit; name a branch such as master`, { parameter: 'branch' });
  }
  return { project: ref.project, repo: ref.repo, branch };
}

/** The file path of a URL's `files/{path...}` (segments decoded by the router). */
export function filePathOf(params: Record<string, unknown>): string {
  const segments = params.path;
  const joined = Array.isArray(segments) ? segments.map(String).join('/') : String(segments ?? '');
  return normalizePath(`/${joined}`);
}

/** A directory given as a query parameter (`?path=`), `/` when absent. */
export function directoryParamOf(path: string | undefined): string {
  return normalizePath(path === undefined || path === '' ? '/' : path);
}
