/**
 * Which commit a job reads on each input branch, for one commit set, as Pachyderm decides:
 * the branch's commit in the set if it has one, else its head. An input that will receive
 * a commit in the set (a pipeline output downstream of the set's changes) must have it
 * before the job starts: the job waits for it, or is unrunnable when the upstream job failed.
 */
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import { repoId as toRepoId } from '../../graph-schema/pfs/index.js';
import type { JobInputCommit, JobRecord } from '../../graph-schema/pipelines/index.js';
import { expectsCommitInSet, producerOf, type DagPipeline } from '../execution/pipeline-dag.js';
import type { InputRepoRef } from '../spec/input-repos.js';

export type JobInputResolution =
  | { kind: 'ready'; inputs: JobInputCommit[] }
  | { kind: 'wait'; reason: string }
  | { kind: 'unrunnable'; reason: string; inputs: JobInputCommit[] };

export interface ResolveJobInputsContext {
  branches: readonly InputRepoRef[];
  /** The commits of the set, oldest first. */
  setCommits: readonly CommitRecord[];
  dag: readonly DagPipeline[];
  /** Repos whose job in this set failed (given when propagating a failure). */
  failedRepos?: ReadonlySet<string>;
  headOf(ref: InputRepoRef): Promise<string | null>;
  upstreamJob(pipelineId: string): Promise<JobRecord | null>;
}

const FAILED: readonly string[] = ['failure', 'killed', 'unrunnable'];

export async function resolveJobInputs(ctx: ResolveJobInputsContext): Promise<JobInputResolution> {
  const setRepos = new Set(ctx.setCommits.map((c) => c.repoId));
  const startedAt = ctx.setCommits[0]?.createdAt ?? new Date().toISOString();
  const inputs: JobInputCommit[] = [];
  const seen = new Set<string>();
  for (const ref of ctx.branches) {
    const repo = toRepoId(ref.project, ref.repo);
    if (seen.has(`${repo}@${ref.branch}`)) continue;
    seen.add(`${repo}@${ref.branch}`);
    const base = { project: ref.project, repo: ref.repo, branch: ref.branch };
    if (ctx.failedRepos?.has(repo)) return { kind: 'unrunnable', reason: `the upstream job writing ${repo} did not succeed`, inputs };
    const inSet = ctx.setCommits.find((c) => c.repoId === repo && c.branch === ref.branch);
    if (inSet) {
      if (inSet.state === 'failed') return { kind: 'unrunnable', reason: `input commit ${repo}@${inSet.id} failed`, inputs };
      if (inSet.state !== 'finished') return { kind: 'wait', reason: `input commit ${repo}@${inSet.id} is ${inSet.state}` };
      inputs.push({ ...base, commitId: inSet.id });
      continue;
    }
    if (expectsCommitInSet(ctx.dag, repo, setRepos, startedAt)) {
      const producer = producerOf(ctx.dag, repo)!;
      const upstream = await ctx.upstreamJob(producer.id);
      if (upstream && FAILED.includes(upstream.state)) {
        return { kind: 'unrunnable', reason: `upstream job ${upstream.id} of pipeline ${producer.id} ended in ${upstream.state}`, inputs };
      }
      return { kind: 'wait', reason: `waiting for pipeline ${producer.id} to write ${repo}` };
    }
    inputs.push({ ...base, commitId: await ctx.headOf(ref) });
  }
  return { kind: 'ready', inputs };
}
