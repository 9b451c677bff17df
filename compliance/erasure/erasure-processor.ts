/**
 * The worker side of erasures: the handler of the `stemma-compliance` queue, which runs a
 * request's steps under a lease on the request (so that two workers never run one request at
 * once, and a dead worker's lease runs out), and `resume`, which queues again every request a
 * crash left executing.
 */
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErasureContext } from './erasure-context.js';
import { erasureWorkId, type ErasureWork } from './erasure-queue.js';
import type { ErasureState } from './erasure-types.js';
import { runErasureSteps, type RunOptions } from './run-erasure-steps.js';

export interface ErasureProcessorOptions extends RunOptions {
  /** How long a lease lasts unless renewed (renewed every third of it; default 30 s). */
  leaseMs?: number;
}

export interface ErasureProcessor {
  /** Runs (or resumes) one request's execution; what a queue consumer calls for each work item. */
  run(work: ErasureWork): Promise<{ state: string }>;
  /** Queues every request left executing or verifying; returns their ids. */
  resume(): Promise<string[]>;
}

const ACTIVE_STATES: readonly ErasureState[] = ['executing', 'verifying'];

/** Queues a run of the request (a new work item each time; the lease keeps runs apart). */
export async function enqueueErasure(ctx: ErasureContext, erasureId: string, round: string): Promise<void> {
  await ctx.deps.queue.enqueue(erasureId, erasureWorkId(erasureId, round));
}

export function createErasureProcessor(ctx: ErasureContext, opts: ErasureProcessorOptions = {}): ErasureProcessor {
  const leaseMs = opts.leaseMs ?? 30_000;

  const takeLease = async (id: string, holder: string): Promise<boolean> => {
    for (;;) {
      if (await ctx.erasures.acquireLease(id, holder, leaseMs)) return true;
      const row = await ctx.erasures.find(id);
      if (!row || !ACTIVE_STATES.includes(row.state as ErasureState)) return false;
      await sleep(Math.min(1_000, leaseMs / 3));
    }
  };

  return {
    async run(work) {
      const id = work.erasureId;
      const holder = `${hostname()}:${process.pid}:${work.workId}`;
      if (!(await takeLease(id, holder))) return { state: (await ctx.erasures.find(id))?.state ?? 'missing' };
      let held = true;
      const renew = setInterval(
        () =>
          void ctx.erasures
            .acquireLease(id, holder, leaseMs)
            .then((ok) => {
              if (!ok) held = false;
            })
            .catch((err: unknown) => ctx.log.warn({ err, erasure: id }, 'renewing the erasure lease failed')),
        leaseMs / 3,
      );
      try {
        const record = await runErasureSteps(ctx, id, { ...opts, holdsLease: () => held });
        return { state: record.state };
      } catch (err) {
        ctx.log.warn({ err, erasure: id, attempt: work.attempt }, 'erasure run failed; it is retried, and resumed when a worker starts');
        throw err;
      } finally {
        clearInterval(renew);
        await ctx.erasures.releaseLease(id, holder).catch(() => undefined);
      }
    },

    async resume() {
      const ids = await ctx.erasures.idsInStates(ACTIVE_STATES, ctx.queueScope, 500);
      for (const id of ids) await enqueueErasure(ctx, id, `resume-${Date.now()}`);
      if (ids.length > 0) ctx.log.info({ erasures: ids }, 'resuming erasures left executing');
      return ids;
    },
  };
}
