/**
 * Planning a job from what changed since its parent job, so that planning costs what the
 * change touched, not what the inputs hold: the input commits are diffed against the
 * parent's (manifests share unchanged shards, so a diff reads a shard or two), the touched
 * datums are planned from the touched roots' files only (`planDatumChanges`), the parent's
 * datums of the same ids are read by id, and every other datum of the parent is counted as
 * skipped at once and carried forward by the graph in one statement, off the job's way:
 * while the touched datums run and the job finishes (`JobGraph.carryForward`). It gives
 * exactly the plan the full planner gives; it applies when the parent's datums are all
 * carried (none recovered) and their hashes comparable (same inputs, transform and salt).
 */
import type { CarryForward, JobRecord } from '../../graph-schema/pipelines/index.js';
import type { TreeEntry } from '../../pfs/tree-store.js';
import type { Datum } from '../datums/datum-types.js';
import { analyseChanges, listingKey, listingNeeds, planDatumChanges } from '../datums/plan-datum-changes.js';
import { datumSpecHash } from '../execution/datum-spec-hash.js';
import { partitionDatums, type ParentDatum } from '../execution/partition-datums.js';
import type { InputRepoRef } from '../spec/input-repos.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { PipelineDeps } from './pipeline-deps.js';

export interface DiffPlan {
  /** Every datum of the job, carried ones included. */
  total: number;
  run: Datum[];
  /** Touched datums whose hash the parent has: carried forward explicitly. */
  skip: ParentDatum[];
  removed: ParentDatum[];
  /** The parent's untouched datums, carried forward by the graph. */
  carry: CarryForward;
}

const LIST_CONCURRENCY = 8;

const branchKey = (ref: { project: string; repo: string; branch: string }) => `${ref.project}/${ref.repo}@${ref.branch}`;

export function createDiffPlanner(deps: PipelineDeps) {
  const { commits, trees } = deps.pfs.deps;
  const manifestOf = async (commitId: string | null): Promise<string | null> => (commitId ? (await commits.getCommit(commitId)).manifest : null);

  /** Whether the parent's datums can stand for this job's untouched ones. */
  const comparable = async (job: JobRecord, spec: PipelineSpec, parent: JobRecord): Promise<boolean> => {
    if (parent.counts.recovered > 0 || parent.counts.failed > 0) return false;
    if (parent.pipelineVersionId !== job.pipelineVersionId) {
      const before = JSON.parse((await deps.pipelines.getVersion(parent.pipelineVersionId)).spec) as PipelineSpec;
      if (datumSpecHash(before) !== datumSpecHash(spec) || before.salt !== spec.salt) return false;
    }
    const branches = new Set(parent.inputs.map(branchKey));
    return job.inputs.every((i) => branches.has(branchKey(i)));
  };

  /** Manifests on both sides of each input branch, and the paths that differ. */
  const changesOf = async (job: JobRecord, parent: JobRecord) => {
    const before = new Map(parent.inputs.map((i) => [branchKey(i), i.commitId]));
    const sides = new Map<string, { before: string | null; after: string | null; changed: string[] }>();
    for (const input of job.inputs) {
      const key = branchKey(input);
      const from = before.get(key) ?? null;
      const [b, a] = await Promise.all([manifestOf(from), manifestOf(input.commitId)]);
      const diff = from === input.commitId || b === a ? null : await trees.diff(b, a);
      const changed = diff ? [...diff.added, ...diff.removed, ...diff.changed.map((c) => c.after)].map((e) => e.path) : [];
      sides.set(key, { before: b, after: a, changed });
    }
    return sides;
  };

  /** The parent's datums of `keys` whose outputs it holds (its own carry made first, if its planner died before). */
  const parentDatums = async (parentId: string, keys: string[]): Promise<ParentDatum[]> => {
    await deps.jobs.carryForward(parentId);
    const out: ParentDatum[] = [];
    for (let i = 0; i < keys.length; i += 5_000) out.push(...(await deps.datums.carriedDatumsOf(parentId, keys.slice(i, i + 5_000))));
    return out;
  };

  /** The plan from the diff, or null when the parent cannot stand for the untouched datums. */
  return async function planFromDiff(job: JobRecord, spec: PipelineSpec, parent: JobRecord): Promise<DiffPlan | null> {
    if (!(await comparable(job, spec, parent))) return null;
    const sides = await changesOf(job, parent);
    const leaves = analyseChanges(spec.input, (ref) => sides.get(branchKey(ref))?.changed ?? []);
    const needs = listingNeeds(leaves);
    const listings = new Map<string, TreeEntry[]>();
    for (let i = 0; i < needs.length; i += LIST_CONCURRENCY) {
      await Promise.all(
        needs.slice(i, i + LIST_CONCURRENCY).map(async (need) => {
          const side = sides.get(branchKey(need.ref));
          const entries: TreeEntry[] = [];
          for await (const entry of trees.list(side?.[need.side] ?? null, need.root === '/' ? {} : { prefix: need.root })) entries.push(entry);
          listings.set(listingKey(need.ref, need.side, need.root), entries);
        }),
      );
    }
    const commitIds = new Map(job.inputs.map((i) => [branchKey(i), i.commitId ?? undefined]));
    const changes = planDatumChanges(spec.input, leaves, listings, {
      specHash: datumSpecHash(spec),
      salt: spec.salt,
      commitOf: (ref: InputRepoRef) => commitIds.get(branchKey(ref)),
    });
    const touched = [...new Set([...changes.after.map((d) => d.id), ...changes.beforeIds])];
    const before = await parentDatums(parent.id, touched);
    const split = partitionDatums(changes.after, before);
    const carried = parent.counts.processed + parent.counts.skipped - before.length;
    return {
      total: carried + changes.after.length,
      run: split.run,
      skip: split.skip,
      removed: split.removed,
      carry: { fromJobId: parent.id, exceptKeys: touched, count: carried },
    };
  };
}
