/**
 * Steps (d) and (e): every model version whose training reached the subject is marked
 * superseded by this erasure (also when its pipeline produced no new version), and every
 * decision about the subject is flagged. Old versions stay, so past decisions stay explainable.
 */
import type { ErasureContext } from '../erasure-context.js';
import type { ErasureExecution, ErasureRecord } from '../erasure-types.js';

export async function supersedeModels(ctx: ErasureContext, record: ErasureRecord): Promise<ErasureExecution['supersededModelVersions']> {
  const analysis = await ctx.analyse(record.subjectId);
  const ids = new Set([...analysis.trace.modelVersions.map((m) => m.id), ...(record.plan?.retraining ?? []).map((r) => r.modelVersionId)]);
  if (ids.size === 0) return [];
  const superseded = await ctx.erasures.supersedeModelVersions(record.id, [...ids].sort());
  return superseded.map((s) => ({ id: s.id, modelId: s.modelId, replacedBy: s.replacedBy }));
}

export function flagDecisions(ctx: ErasureContext, record: ErasureRecord): Promise<number> {
  return ctx.erasures.flagDecisions(record.id);
}
