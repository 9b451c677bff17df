/**
 * The erasure service over its adapters. Execution runs in the workers (`createErasureProcessor`
 * on the `stemma-compliance` queue): `execute` moves an approved request to `executing`,
 * queues it, and waits for it to end unless told not to.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { FailedPreconditionError, NotFoundError } from '../../core/errors.js';
import { certificateKeys } from './erasure-certificate.js';
import { createErasureContext, ERASURE_ACTOR, type ErasureContext } from './erasure-context.js';
import type { ErasureServiceDeps } from './erasure-deps.js';
import { createErasureProcessor, enqueueErasure, type ErasureProcessor, type ErasureProcessorOptions } from './erasure-processor.js';
import { toErasureRecord } from './erasure-record.js';
import type { ErasureService } from './erasure-service.js';
import type { ErasureCertificate, ErasureRecord, ErasureVerification } from './erasure-types.js';
import { approveErasure, outOfOrder, planErasureRequest, requestErasure } from './erasure-workflow.js';
import { failErasure } from './run-erasure-steps.js';
import { DEFAULT_FOOTPRINT_LIMIT, MAX_FOOTPRINT_LIMIT, toFootprint } from './subject-footprint.js';
import { verifySubjectErased } from './verify-erasure.js';


const WAIT_POLL_MS = 250;
const DEFAULT_WAIT_MS = 30 * 60_000;
const ENDED = ['verified', 'failed'];

export function createErasureService(deps: ErasureServiceDeps): ErasureService {
  const ctx = createErasureContext(deps);
  const get = async (id: string) => toErasureRecord(await ctx.erasures.get(id));

  return {
    async footprint(subjectId, opts = {}) {
      const limit = Math.min(Math.max(1, Math.trunc(opts.limit ?? DEFAULT_FOOTPRINT_LIMIT)), MAX_FOOTPRINT_LIMIT);
      const analysis = await ctx.analyse(subjectId, opts.project ? { project: opts.project } : {});
      return toFootprint(analysis, limit, ctx.now());
    },
    request: (input) => requestErasure(ctx, input),
    plan: (id) => planErasureRequest(ctx, id),
    approve: (id, approver) => approveErasure(ctx, id, approver),

    async execute(id, opts = {}) {
      let record = await get(id);
      if (record.state === 'approved') {
        const row = await ctx.erasures.update(id, ['approved'], { state: 'executing', executionStartedAt: ctx.now().toISOString(), queue: ctx.queueScope });
        if (!row) throw outOfOrder(await get(id), 'executed');
        record = toErasureRecord(row);
        await ctx.auditOnce({ actor: ERASURE_ACTOR, action: 'erasure.execute', target: id, args: { subjectId: record.subjectId } });
        await enqueueErasure(ctx, id, 'first');
      } else if (record.state === 'executing' || record.state === 'verifying') {
        await enqueueErasure(ctx, id, `resume-${Date.now()}`);
      } else if (!ENDED.includes(record.state)) {
        throw outOfOrder(record, 'executed');
      }
      return opts.wait === false ? record : waitUntilEnded(ctx, id, opts.timeoutMs ?? DEFAULT_WAIT_MS);
    },

    async verify(id) {
      const record = await get(id);
      if (!['executing', 'verifying', 'verified', 'failed'].includes(record.state) || record.executionStartedAt === null) throw outOfOrder(record, 'verified');
      const verification = await verifySubjectErased(ctx, record.subjectId);
      if (record.state === 'verified' || record.state === 'failed') await recordVerification(ctx, record, verification);
      return verification;
    },

    get,
    async list(opts = {}) {
      const rows = await ctx.erasures.list({ ...opts, limit: opts.limit ?? 50 });
      return rows.map(toErasureRecord);
    },
    certificate: (id) => readCertificate(ctx, id),
  };
}

/** The processor the workers run erasures with (see erasure-processor.ts). */
export function createErasureWorkerProcessor(deps: ErasureServiceDeps, opts: ErasureProcessorOptions = {}): ErasureProcessor {
  return createErasureProcessor(createErasureContext(deps), opts);
}

async function waitUntilEnded(ctx: ErasureContext, id: string, timeoutMs: number): Promise<ErasureRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const record = toErasureRecord(await ctx.erasures.get(id));
    if (ENDED.includes(record.state) || Date.now() >= deadline) return record;
    await sleep(WAIT_POLL_MS);
  }
}

/** A verification run after the request ended: recorded on it, and a request found wanting fails, loudly. */
async function recordVerification(ctx: ErasureContext, record: ErasureRecord, verification: ErasureVerification): Promise<void> {
  const left = [...verification.graph.remaining, ...verification.storage.remaining];
  await ctx.audit({ actor: ERASURE_ACTOR, action: 'erasure.verify', target: record.id, args: verification, summary: verification.ok ? 'verified again: nothing remains' : `${left.length} item(s) remain` });
  if (verification.ok || record.state === 'failed') {
    await ctx.erasures.update(record.id, [record.state], { verification });
    return;
  }
  await ctx.erasures.update(record.id, ['verified'], { verification });
  await failErasure(ctx, record, `verification failed, ${left.length} item(s) remain: ${left.map((i) => i.description).join('; ')}`);
}

async function readCertificate(ctx: ErasureContext, id: string): Promise<{ json: ErasureCertificate; html: string; sha256: string }> {
  const record = toErasureRecord(await ctx.erasures.get(id));
  if (!record.certificate) {
    throw new FailedPreconditionError(`erasure ${id} is ${record.state} and has no certificate yet: a certificate is issued once the erasure is verified`, { erasure: id, state: record.state });
  }
  const keys = certificateKeys(id);
  let jsonText: string;
  let html: string;
  try {
    jsonText = (await ctx.deps.objects.getBuffer(keys.json)).toString('utf8');
    html = (await ctx.deps.objects.getBuffer(keys.html)).toString('utf8');
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    throw new NotFoundError(`the certificate of erasure ${id} is missing from the object store (${keys.json}, ${keys.html})`, { erasure: id }, { cause: err });
  }
  const sha256 = createHash('sha256').update(jsonText, 'utf8').digest('hex');
  if (sha256 !== record.certificate.sha256) {
    throw new FailedPreconditionError(`the stored certificate of erasure ${id} was altered: its sha256 is ${sha256}, the audit chain recorded ${record.certificate.sha256}`, { erasure: id });
  }
  return { json: JSON.parse(jsonText) as ErasureCertificate, html, sha256 };
}
