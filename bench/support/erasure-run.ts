/**
 * One erasure through the API, timed: request and plan as one compliance token, approve as a
 * second (the requester may not approve), execute and wait until verified.
 */
import type { BenchGraphql } from './bench-graphql.js';

const ERASURE_FIELDS = `erasureId state error
  plan { counts { records datums jobs derivedFiles modelVersions decisions } reprocessing { pipeline datumCount } retraining { model version } }
  steps { step state at summary }
  execution { deletionCommits { repo commitId commitSet pathCount } reprocessedJobs { jobId pipeline state processed skipped total } }
  verification { ok graph { ok } storage { ok checked } }`;

const REQUEST = `mutation Request($subject: String!, $reason: String!) { requestErasure(subjectId: $subject, reason: $reason) { erasureId } }`;
const PLAN = `mutation Plan($id: ID!) { planErasure(id: $id) { ${ERASURE_FIELDS} } }`;
const APPROVE = `mutation Approve($id: ID!) { approveErasure(id: $id) { erasureId state } }`;
const EXECUTE = `mutation Execute($id: ID!) { executeErasure(id: $id, wait: true) { ${ERASURE_FIELDS} } }`;

interface ErasureView {
  erasureId: string;
  state: string;
  error: string | null;
  plan: {
    counts: Record<string, number>;
    reprocessing: { pipeline: string; datumCount: number }[];
    retraining: { model: string; version: number }[];
  } | null;
  steps: { step: string; state: string; at: string; summary: string }[];
  execution: {
    deletionCommits: { repo: string; commitId: string; commitSet: string; pathCount: number }[];
    reprocessedJobs: { jobId: string; pipeline: string; state: string; processed: number; skipped: number; total: number }[];
  };
  verification: { ok: boolean; graph: { ok: boolean }; storage: { ok: boolean; checked: number } } | null;
}

export interface ErasureMeasure {
  erasureId: string;
  /** requestErasure + planErasure. */
  planMs: number;
  /** executeErasure(wait: true): approval to verified. */
  executeMs: number;
  /** Datums the plan names as affected, over every pipeline. */
  affectedDatums: number;
  processed: number;
  skipped: number;
  total: number;
  /** Milliseconds of each step, from the previous checkpoint (the first from the call). */
  stepMs: Record<string, number>;
  reprocessedJobIds: string[];
}

export async function eraseSubject(requester: BenchGraphql, approver: BenchGraphql, subjectId: string): Promise<ErasureMeasure> {
  const t0 = performance.now();
  const { requestErasure } = await requester<{ requestErasure: { erasureId: string } }>(REQUEST, { subject: subjectId, reason: 'benchmark: erasure cost against data set size' });
  const { planErasure } = await requester<{ planErasure: ErasureView }>(PLAN, { id: requestErasure.erasureId });
  const planMs = performance.now() - t0;
  await approver(APPROVE, { id: requestErasure.erasureId });
  const startedAt = Date.now();
  const t1 = performance.now();
  const { executeErasure: done } = await requester<{ executeErasure: ErasureView }>(EXECUTE, { id: requestErasure.erasureId });
  const executeMs = performance.now() - t1;
  if (done.state !== 'VERIFIED') throw new Error(`erasure ${done.erasureId} ended ${done.state}: ${done.error ?? JSON.stringify(done.verification)}`);
  const jobs = done.execution.reprocessedJobs;
  return {
    erasureId: done.erasureId,
    planMs,
    executeMs,
    affectedDatums: (planErasure.plan?.reprocessing ?? []).reduce((n, r) => n + r.datumCount, 0),
    processed: jobs.reduce((n, j) => n + j.processed, 0),
    skipped: jobs.reduce((n, j) => n + j.skipped, 0),
    total: jobs.reduce((n, j) => n + j.total, 0),
    stepMs: stepDurations(done.steps, startedAt),
    reprocessedJobIds: jobs.map((j) => j.jobId),
  };
}

function stepDurations(steps: ErasureView['steps'], startedAt: number): Record<string, number> {
  const out: Record<string, number> = {};
  let previous = startedAt;
  for (const s of steps) {
    const at = Date.parse(s.at);
    out[s.step] = Math.max(0, at - previous);
    previous = at;
  }
  return out;
}
