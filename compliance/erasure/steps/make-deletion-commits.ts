/**
 * Step (a): a commit with origin `erasure` on every branch head holding the subject's records,
 * removing them. Heads are read again now (a head that moved since the plan may hold other
 * paths, or none). Each commit has a commit set derived from the erasure and the branch, so a
 * commit made before a crash is found again and never made twice.
 */
import { createHash } from 'node:crypto';
import type { CommitRecord } from '../../../graph-schema/pfs/index.js';
import type { ErasureContext } from '../erasure-context.js';
import type { ErasureExecution, ErasureRecord } from '../erasure-types.js';
import { compare } from '../subject-analysis.js';

type DeletionCommit = ErasureExecution['deletionCommits'][number];

/** The commit set of an erasure's deletion commit on one branch (`project/repo@branch`). */
export function deletionCommitSet(erasureId: string, branchId: string): string {
  return createHash('sha256').update(`erasure\0${erasureId}\0${branchId}`).digest('hex').slice(0, 32);
}

export interface DeletionProgress {
  /** Saves the commits made so far (a checkpoint inside the step). */
  save(done: DeletionCommit[]): Promise<void>;
}

export async function makeDeletionCommits(ctx: ErasureContext, record: ErasureRecord, progress: DeletionProgress): Promise<DeletionCommit[]> {
  const analysis = await ctx.analyse(record.subjectId);
  const pathsByRepo = new Map<string, string[]>();
  for (const r of analysis.trace.records) pathsByRepo.set(r.repoId, [...(pathsByRepo.get(r.repoId) ?? []), r.path]);
  const targets = new Map<string, { repoId: string; branch: string }>();
  for (const l of analysis.live) targets.set(l.head.branchId, { repoId: l.head.repoId, branch: l.head.branch });
  for (const d of record.plan?.deletionCommits ?? []) targets.set(`${d.repoId}@${d.branch}`, { repoId: d.repoId, branch: d.branch });

  const done = [...record.execution.deletionCommits];
  for (const [branchId, target] of [...targets.entries()].sort(([a], [b]) => compare(a, b))) {
    if (done.some((d) => `${d.repoId}@${d.branch}` === branchId)) continue;
    const made = await deleteOnBranch(ctx, record, target, branchId, pathsByRepo.get(target.repoId) ?? []);
    if (!made) continue;
    done.push(made);
    await ctx.erasures.linkDeletionCommits(record.id, [made.commitId]);
    await progress.save(done);
  }
  return done;
}

/** The deletion commit of one branch: found (made before a crash) or made now; null when the head holds none of the records. */
async function deleteOnBranch(
  ctx: ErasureContext,
  record: ErasureRecord,
  target: { repoId: string; branch: string },
  branchId: string,
  candidatePaths: string[],
): Promise<DeletionCommit | null> {
  const { pfs } = ctx.deps;
  const commitSet = deletionCommitSet(record.id, branchId);
  const existing = (await pfs.deps.commits.commitSet(commitSet)).find((c) => isDeletionCommit(c, target));
  if (existing) return toDeletionCommit(existing, pathCountOf(existing));

  const [project, repo] = splitRepoId(target.repoId);
  const branch = await pfs.deps.repos.findBranch(project, repo, target.branch);
  if (!branch?.head) return null;
  const manifest = (await pfs.deps.commits.getCommit(branch.head)).manifest;
  const paths: string[] = [];
  for (const path of [...new Set(candidatePaths)].sort(compare)) {
    const entry = await ctx.trees.lookup(manifest, path);
    if (entry?.subjects?.includes(record.subjectId)) paths.push(path);
  }
  if (paths.length === 0) return null;
  const commit = await pfs.commitChanges({ project, repo, branch: target.branch }, { puts: [], deletes: paths, deletePrefixes: [] }, branch.head, {
    origin: 'erasure',
    commitSet,
    description: `erasure ${record.id}: remove ${paths.length} record file${paths.length === 1 ? '' : 's'} of the subject`,
  });
  ctx.log.info({ erasure: record.id, commit: commit.id, branch: branchId, paths: paths.length }, 'deletion commit made');
  return toDeletionCommit(commit, paths.length);
}

function isDeletionCommit(c: CommitRecord, target: { repoId: string; branch: string }): boolean {
  return c.repoId === target.repoId && c.branch === target.branch && c.origin === 'erasure' && c.state === 'finished';
}

function toDeletionCommit(c: CommitRecord, pathCount: number): DeletionCommit {
  return { repoId: c.repoId, branch: c.branch ?? '', commitId: c.id, commitSet: c.commitSet, pathCount };
}

function pathCountOf(c: CommitRecord): number {
  return Number(/remove (\d+) record file/.exec(c.description)?.[1] ?? 0);
}

export function splitRepoId(repoId: string): [string, string] {
  const slash = repoId.indexOf('/');
  return [repoId.slice(0, slash), repoId.slice(slash + 1)];
}
