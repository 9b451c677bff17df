/**
 * The execution of an approved erasure: steps in order, each skipped when the request records
 * it done, each appending its audit event (once) and then its checkpoint on the request. A
 * crash anywhere resumes at the first step not recorded; every step is safe to run again.
 */
import { FailedPreconditionError, isStemmaError } from '../../core/errors.js';
import { ERASURE_ACTOR, type ErasureContext } from './erasure-context.js';
import { issueCertificate } from './erasure-certificate.js';
import { stepDone, toErasureRecord } from './erasure-record.js';
import type { ErasurePatch } from '../../graph-schema/compliance/index.js';
import { ERASURE_STEPS, type ErasureExecution, type ErasureRecord, type ErasureStep } from './erasure-types.js';
import { awaitReprocessing, type ReprocessOptions } from './steps/await-reprocessing.js';
import { makeDeletionCommits } from './steps/make-deletion-commits.js';
import { shredSubjectKey } from './steps/shred-subject-key.js';
import { flagDecisions, supersedeModels } from './steps/supersede-and-flag.js';
import { verifySubjectErased } from './verify-erasure.js';

const RUNNING = ['executing', 'verifying'] as const;

export interface RunOptions {
  reprocess?: ReprocessOptions;
  /** False once this runner's lease is lost: it stops before the next step, leaving it to the holder. */
  holdsLease?: () => boolean;
}

interface StepOutcome {
  summary: string;
  execution?: Partial<ErasureExecution>;
  patch?: ErasurePatch;
}

/** Runs every step not done yet; returns the request as it ends (verified, failed, or still running if another state intervened). */
export async function runErasureSteps(ctx: ErasureContext, id: string, opts: RunOptions = {}): Promise<ErasureRecord> {
  let record = toErasureRecord(await ctx.erasures.get(id));
  while (record.state === 'executing' || record.state === 'verifying') {
    const step = ERASURE_STEPS.find((s) => !stepDone(record, s));
    if (!step) return record;
    if (opts.holdsLease && !opts.holdsLease()) throw new FailedPreconditionError(`erasure ${id}: this worker lost its lease before step ${step}; the holder goes on`, { erasure: id });
    try {
      record = await runStep(ctx, record, step, opts);
    } catch (err) {
      if (!isFinal(err)) throw err;
      return failErasure(ctx, record, `step ${step} failed: ${(err as Error).message}`);
    }
  }
  return record;
}

async function runStep(ctx: ErasureContext, record: ErasureRecord, step: ErasureStep, opts: RunOptions): Promise<ErasureRecord> {
  ctx.log.info({ erasure: record.id, step }, 'erasure step');
  switch (step) {
    case 'deletion-commits': {
      const save = (done: ErasureExecution['deletionCommits']) => saveExecution(ctx, record, { deletionCommits: done });
      const done = await makeDeletionCommits(ctx, record, { save: async (d) => void (record = await save(d)) });
      return checkpoint(ctx, record, step, { summary: `${done.length} deletion commit(s), ${done.reduce((n, d) => n + d.pathCount, 0)} record file(s) removed`, execution: { deletionCommits: done } });
    }
    case 'shred': {
      const shred = await shredSubjectKey(ctx, record);
      return checkpoint(ctx, record, step, { summary: `key destroyed at ${shred.keyDestroyedAt}; ${shred.shreddedVersions} historical record version(s) unreadable`, execution: { keyDestroyedAt: shred.keyDestroyedAt } });
    }
    case 'reprocess': {
      const jobs = await awaitReprocessing(ctx, record, opts.reprocess);
      return checkpoint(ctx, record, step, { summary: `${jobs.length} downstream job(s): ${jobs.reduce((n, j) => n + j.processed, 0)} datum(s) processed, ${jobs.reduce((n, j) => n + j.skipped, 0)} reused`, execution: { reprocessedJobs: jobs } });
    }
    case 'supersede-models': {
      const models = await supersedeModels(ctx, record);
      return checkpoint(ctx, record, step, { summary: `${models.length} model version(s) superseded by the erasure`, execution: { supersededModelVersions: models } });
    }
    case 'flag-decisions': {
      const flagged = await flagDecisions(ctx, record);
      return checkpoint(ctx, record, step, { summary: `${flagged} decision(s) about the subject flagged`, execution: { flaggedDecisions: flagged }, patch: { state: 'verifying' } });
    }
    case 'verify':
      return verifyStep(ctx, record);
    case 'certificate': {
      const { ref } = await issueCertificate(ctx, record);
      return checkpoint(ctx, record, step, { summary: `certificate sha256 ${ref.sha256}`, patch: { certificate: ref, state: 'verified', completedAt: ref.issuedAt } });
    }
  }
}

async function verifyStep(ctx: ErasureContext, record: ErasureRecord): Promise<ErasureRecord> {
  const verification = await verifySubjectErased(ctx, record.subjectId);
  const left = [...verification.graph.remaining, ...verification.storage.remaining];
  const summary = verification.ok ? `verified: graph clear, ${verification.storage.checked} historical version(s) read as erased` : `${left.length} item(s) remain`;
  await ctx.auditOnce({ actor: ERASURE_ACTOR, action: 'erasure.verify', target: record.id, args: verification, summary });
  if (!verification.ok) {
    const saved = await ctx.erasures.update(record.id, [...RUNNING], { verification });
    return failErasure(ctx, saved ? toErasureRecord(saved) : record, `verification failed, ${left.length} item(s) remain: ${left.map((i) => i.description).join('; ')}`);
  }
  return checkpoint(ctx, record, 'verify', { summary, patch: { verification } });
}

async function checkpoint(ctx: ErasureContext, record: ErasureRecord, step: ErasureStep, outcome: StepOutcome): Promise<ErasureRecord> {
  await ctx.auditOnce({ actor: ERASURE_ACTOR, action: `erasure.${step}`, target: record.id, args: outcome.execution ?? outcome.patch ?? null, summary: outcome.summary });
  const steps = [...record.steps.filter((s) => s.step !== step), { step, state: 'done' as const, at: ctx.now().toISOString(), summary: outcome.summary }];
  const row = await ctx.erasures.update(record.id, [...RUNNING], { steps, execution: { ...record.execution, ...outcome.execution }, ...outcome.patch });
  if (row) return toErasureRecord(row);
  // A runner whose lease ran out while it worked may find that the next holder finished
  // this step (and perhaps the request) already: the step's work is idempotent, so that is
  // the outcome, not an error.
  const now = toErasureRecord(await ctx.erasures.get(record.id));
  if (stepDone(now, step)) return now;
  throw new FailedPreconditionError(`erasure ${record.id} left the executing states during step ${step} (it is ${now.state})`, { erasure: record.id });
}

async function saveExecution(ctx: ErasureContext, record: ErasureRecord, part: Partial<ErasureExecution>): Promise<ErasureRecord> {
  const row = await ctx.erasures.update(record.id, [...RUNNING], { execution: { ...record.execution, ...part } });
  if (!row) throw new FailedPreconditionError(`erasure ${record.id} left the executing states`, { erasure: record.id });
  return toErasureRecord(row);
}

/** Fails the request for good, naming why; the audit chain records it. */
export async function failErasure(ctx: ErasureContext, record: ErasureRecord, error: string): Promise<ErasureRecord> {
  ctx.log.error({ erasure: record.id, error }, 'erasure failed');
  const row = await ctx.erasures.update(record.id, [...RUNNING, 'verified'], { state: 'failed', error, completedAt: ctx.now().toISOString() });
  await ctx.audit({ actor: ERASURE_ACTOR, action: 'erasure.fail', target: record.id, args: { error }, summary: error.slice(0, 2_000) });
  return row ? toErasureRecord(row) : toErasureRecord(await ctx.erasures.get(record.id));
}

/** Failures no retry can mend: the request fails, naming them. Anything else (a service down) is retried. */
function isFinal(err: unknown): boolean {
  return isStemmaError(err) && ['FAILED_PRECONDITION', 'INVALID_ARGUMENT', 'NOT_FOUND', 'FORBIDDEN', 'ERASED'].includes(err.code);
}
