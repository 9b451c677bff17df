/**
 * A subject's footprint from its analysis: counts per kind, and lists bounded by `limit`.
 */
import type { FootprintCounts, FootprintJob, SubjectFootprint } from './erasure-types.js';
import type { SubjectAnalysis } from './subject-analysis.js';

export const DEFAULT_FOOTPRINT_LIMIT = 100;
export const MAX_FOOTPRINT_LIMIT = 1_000;

export function footprintCounts(a: SubjectAnalysis): FootprintCounts {
  const { trace } = a;
  const liveRecords = a.liveVersionIds.size;
  return {
    records: trace.recordCount,
    liveRecords,
    historicalRecords: Math.max(0, trace.recordCount - liveRecords),
    repos: trace.repoIds.length,
    commits: trace.commitCount,
    derivedFiles: trace.derivedFiles.length,
    datums: trace.datums.length,
    jobs: tracedJobs(a).length,
    modelVersions: trace.modelVersions.length,
    decisions: trace.decisionCount,
  };
}

/** The jobs that ran the traced datums, and the jobs that trained the traced model versions. */
export function tracedJobs(a: SubjectAnalysis): FootprintJob[] {
  const jobs = new Map<string, FootprintJob>();
  for (const d of a.trace.datums) {
    if (!jobs.has(d.jobId)) jobs.set(d.jobId, { id: d.jobId, pipelineId: d.pipelineId, commitSet: d.commitSet, state: d.jobState ?? 'unknown' });
  }
  for (const mv of a.trace.modelVersions) {
    if (mv.jobId && !jobs.has(mv.jobId)) jobs.set(mv.jobId, { id: mv.jobId, pipelineId: null, commitSet: null, state: 'unknown' });
  }
  return [...jobs.values()];
}

export function toFootprint(a: SubjectAnalysis, limit: number, now: Date): SubjectFootprint {
  const { trace } = a;
  const liveDatums = new Set(trace.datums.filter((d) => d.live).map((d) => d.id));
  const counts = footprintCounts(a);
  const cut = <T>(items: T[]) => items.slice(0, limit);
  const footprint: SubjectFootprint = {
    subjectId: a.subjectId,
    counts,
    records: cut(trace.records).map((r) => ({ ...r, live: a.liveVersionIds.has(r.fileVersionId) })),
    derivedFiles: cut(trace.derivedFiles).map((f) => ({
      fileVersionId: f.fileVersionId,
      repoId: f.repoId,
      path: f.path,
      hash: f.hash,
      live: f.producerIds.some((id) => liveDatums.has(id)),
    })),
    datums: cut(trace.datums).map((d) => ({ id: d.id, jobId: d.jobId, datumKey: d.datumKey, state: d.state, pipelineId: d.pipelineId })),
    jobs: cut(tracedJobs(a)),
    modelVersions: cut(trace.modelVersions).map((m) => ({ id: m.id, modelId: m.modelId, version: m.version, state: m.state, supersededByErasure: m.supersededByErasure })),
    decisions: cut(trace.decisions).map((d) => ({ id: d.id, modelVersionId: d.modelVersionId, madeAt: d.madeAt, flagged: d.flagged, flaggedByErasure: d.flaggedByErasure })),
    limit,
    truncated: false,
    computedAt: now.toISOString(),
  };
  footprint.truncated =
    trace.truncated ||
    footprint.records.length < counts.records ||
    footprint.derivedFiles.length < counts.derivedFiles ||
    footprint.datums.length < counts.datums ||
    footprint.jobs.length < counts.jobs ||
    footprint.modelVersions.length < counts.modelVersions ||
    footprint.decisions.length < counts.decisions;
  return footprint;
}
