/**
 * The dry run of an erasure, from the subject's analysis: the deletion commit each branch head
 * holding the subject's records needs, the live datums that will be removed or reprocessed
 * (per pipeline), the current model versions whose training reached the subject (their
 * pipelines rerun), the historical copies the key's destruction makes unreadable, and the
 * decisions to flag.
 */
import { subjectKeyId } from '../keys/index.js';
import type { ErasurePlan, PlannedReprocessing, PlannedRetraining } from './erasure-types.js';
import { compare, type SubjectAnalysis } from './subject-analysis.js';
import { footprintCounts } from './subject-footprint.js';

/** Items each list of a plan holds at most (counts stay whole). */
export const PLAN_LIST_LIMIT = 1_000;

export function planErasure(a: SubjectAnalysis, now: Date): ErasurePlan {
  const { trace } = a;
  const reprocessing = plannedReprocessing(a);
  const retraining = plannedRetraining(a);
  const commitIds = [...new Set(trace.records.flatMap((r) => r.commitIds))].sort(compare);
  const aboutIds = trace.decisions.filter((d) => d.subjectId === a.subjectId).map((d) => d.id);
  const plan: ErasurePlan = {
    plannedAt: now.toISOString(),
    counts: footprintCounts(a),
    deletionCommits: a.live.map((l) => ({ repoId: l.head.repoId, branch: l.head.branch, headCommitId: l.head.headCommitId, paths: l.paths.slice(0, PLAN_LIST_LIMIT) })),
    reprocessing,
    retraining,
    shred: {
      keyId: subjectKeyId(a.subjectId),
      fileVersionCount: trace.recordCount,
      fileVersionIds: trace.records.slice(0, PLAN_LIST_LIMIT).map((r) => r.fileVersionId),
      commitCount: trace.commitCount,
      commitIds: commitIds.slice(0, PLAN_LIST_LIMIT),
    },
    decisions: { count: trace.decisionsAboutCount, ids: aboutIds.slice(0, PLAN_LIST_LIMIT) },
    truncated: false,
  };
  plan.truncated =
    trace.truncated ||
    a.live.some((l) => l.paths.length > PLAN_LIST_LIMIT) ||
    reprocessing.some((r) => r.datumKeys.length < r.datumCount) ||
    plan.shred.fileVersionIds.length < plan.shred.fileVersionCount ||
    plan.shred.commitIds.length < plan.shred.commitCount ||
    plan.decisions.ids.length < plan.decisions.count;
  return plan;
}

/** Live datums reached from the subject, per pipeline: their outputs change when the records go. */
function plannedReprocessing(a: SubjectAnalysis): PlannedReprocessing[] {
  const byPipeline = new Map<string, { outputRepoId: string | null; keys: Set<string> }>();
  for (const d of a.trace.datums) {
    if (!d.live || !d.pipelineId) continue;
    const entry = byPipeline.get(d.pipelineId) ?? { outputRepoId: d.outputRepoId, keys: new Set<string>() };
    entry.keys.add(d.datumKey);
    byPipeline.set(d.pipelineId, entry);
  }
  return [...byPipeline.entries()]
    .sort(([x], [y]) => compare(x, y))
    .map(([pipelineId, e]) => {
      const keys = [...e.keys].sort(compare);
      return { pipelineId, outputRepoId: e.outputRepoId, datumKeys: keys.slice(0, PLAN_LIST_LIMIT), datumCount: keys.length };
    });
}

/** Current model versions whose training reached the subject. */
function plannedRetraining(a: SubjectAnalysis): PlannedRetraining[] {
  const pipelineOfJob = new Map(a.trace.datums.map((d) => [d.jobId, d.pipelineId]));
  return a.trace.modelVersions
    .filter((mv) => mv.state === 'current')
    .map((mv) => ({ modelVersionId: mv.id, modelId: mv.modelId, version: mv.version, pipelineId: (mv.jobId && pipelineOfJob.get(mv.jobId)) || null, jobId: mv.jobId }))
    .sort((x, y) => compare(x.modelVersionId, y.modelVersionId));
}
