/**
 * The first states of an erasure: request, plan (a dry run stored on the request, refreshed
 * by planning again until approval), approval by someone other than the requester. Each
 * transition is conditional on the state it leaves, and refused with what to do otherwise.
 */
import { randomUUID } from 'node:crypto';
import { FailedPreconditionError, ForbiddenError, InvalidArgumentError } from '../../core/errors.js';
import { ERASURE_ACTOR, type ErasureContext } from './erasure-context.js';
import { emptyExecution, toErasureRecord } from './erasure-record.js';
import type { ErasureRecord, ErasureState } from './erasure-types.js';
import { planErasure } from './plan-erasure.js';

const MAX_TEXT = 2_000;

/** What to do next from each state, for refusals. */
const NEXT_STEP: Record<ErasureState, string> = {
  requested: 'plan it first (planErasure / `stemma erasure plan`)',
  planned: 'approve it first (approveErasure / `stemma erasure approve`)',
  approved: 'execute it (executeErasure / `stemma erasure execute`)',
  executing: 'wait for the execution to finish (`stemma erasure inspect`)',
  verifying: 'wait for the verification to finish (`stemma erasure inspect`)',
  verified: 'nothing is left to do; its certificate is ready (`stemma erasure certificate`)',
  failed: 'file a new request for the subject: a failed request stays as it is, as a record',
};

export function outOfOrder(record: ErasureRecord, action: string): FailedPreconditionError {
  return new FailedPreconditionError(`erasure ${record.id} is ${record.state}, so it cannot be ${action}: ${NEXT_STEP[record.state] ?? 'inspect it'}`, {
    erasure: record.id,
    state: record.state,
  });
}

function required(field: string, value: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed === '') throw new InvalidArgumentError(`${field}: must not be empty`);
  if (trimmed.length > MAX_TEXT) throw new InvalidArgumentError(`${field}: must be at most ${MAX_TEXT} characters`);
  return trimmed;
}

export async function requestErasure(ctx: ErasureContext, input: { subjectId: string; reason: string; requestedBy: string }): Promise<ErasureRecord> {
  const subjectId = required('subjectId', input.subjectId);
  const reason = required('reason', input.reason);
  const requestedBy = required('requestedBy', input.requestedBy);
  const row = await ctx.erasures.create({ id: randomUUID(), subjectId, reason, requestedBy, state: 'requested', steps: [], execution: emptyExecution() });
  await ctx.audit({ actor: requestedBy, action: 'erasure.request', target: row.id, args: { subjectId, reason } });
  return toErasureRecord(row);
}

export async function planErasureRequest(ctx: ErasureContext, id: string): Promise<ErasureRecord> {
  const before = toErasureRecord(await ctx.erasures.get(id));
  if (before.state !== 'requested' && before.state !== 'planned') throw outOfOrder(before, 'planned again');
  const now = ctx.now();
  const plan = planErasure(await ctx.analyse(before.subjectId), now);
  const row = await ctx.erasures.update(id, ['requested', 'planned'], { state: 'planned', plan, plannedAt: now.toISOString() });
  if (!row) throw outOfOrder(toErasureRecord(await ctx.erasures.get(id)), 'planned again');
  await ctx.audit({
    actor: ERASURE_ACTOR,
    action: 'erasure.plan',
    target: id,
    args: plan,
    summary: `${plan.counts.records} record versions (${plan.counts.liveRecords} live) in ${plan.counts.repos} repos; ${plan.deletionCommits.length} deletion commits; ${plan.retraining.length} models to retrain; ${plan.decisions.count} decisions to flag`,
  });
  return toErasureRecord(row);
}

export async function approveErasure(ctx: ErasureContext, id: string, approver: string): Promise<ErasureRecord> {
  const who = required('approver', approver);
  const before = toErasureRecord(await ctx.erasures.get(id));
  if (who === before.requestedBy) {
    throw new ForbiddenError(`erasure ${id} was requested by ${who}, who cannot approve it too: another compliance officer must approve it`, { erasure: id, approver: who });
  }
  if (before.state !== 'planned') throw outOfOrder(before, 'approved');
  const row = await ctx.erasures.update(id, ['planned'], { state: 'approved', approvedBy: who, approvedAt: ctx.now().toISOString() });
  if (!row) throw outOfOrder(toErasureRecord(await ctx.erasures.get(id)), 'approved');
  await ctx.audit({ actor: who, action: 'erasure.approve', target: id, args: { approver: who } });
  return toErasureRecord(row);
}
