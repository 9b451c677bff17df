/**
 * Following an erasure's execution: polls `erasure(id)` until it is verified or failed, and
 * shows its steps as they end: a bar of steps on a terminal, or one line per step and per
 * state change when stderr is not a terminal (a CI log reads as the list of steps).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import cliProgress from 'cli-progress';
import { FailedPreconditionError } from '../core/errors.js';
import type { ApiClient } from './api-client.js';
import { stepLine } from './erasure-format.js';
import { ERASURE_FIELDS, erasureView, isFinalErasureState, type ErasureNode, type ErasureView } from './erasure-views.js';
import type { JobProgressMode } from './job-progress.js';

const ERASURE = `query Erasure($id: ID!) { erasure(id: $id) { ${ERASURE_FIELDS} } }`;
const BAR_WIDTH = 24;

export interface ErasureProgressDisplay {
  update(erasure: ErasureView): void;
  stop(): void;
}

/** One request, as the API has it now. */
export async function fetchErasure(api: ApiClient, id: string): Promise<ErasureView> {
  return erasureView((await api.graphql<{ erasure: ErasureNode }>(ERASURE, { id })).erasure);
}

/** `erasure 1a2b3c4d5e6f  ██████░░ 3/7 steps  executing, next reprocess`: one redraw of the bar. */
export function erasureProgressLine(e: ErasureView): string {
  const done = e.steps?.filter((s) => s.state === 'done').length ?? 0;
  const total = done + (e.remainingSteps?.length ?? 0);
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : 0;
  const next = e.remainingSteps?.[0];
  return `erasure ${e.id.slice(0, 12)}  ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${total} steps  ${e.state}${next && !isFinalErasureState(e.state) ? `, next ${next}` : ''}`;
}

export function createErasureProgressDisplay(mode: JobProgressMode, stream: NodeJS.WritableStream = process.stderr): ErasureProgressDisplay {
  if (mode === 'none') return { update: () => undefined, stop: () => undefined };
  if (mode === 'lines') return linesDisplay(stream);
  let current: ErasureView | undefined;
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(e) {
      current = e;
      bar ??= new cliProgress.SingleBar({ format: () => (current ? erasureProgressLine(current) : ''), stream, hideCursor: true, clearOnComplete: true, fps: 8 });
      if (!bar.isActive) bar.start(1, 0);
      bar.update(0);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** A line per step that ended since the last update, and per state change (after the steps that led to it). */
function linesDisplay(stream: NodeJS.WritableStream): ErasureProgressDisplay {
  let state: string | undefined;
  let stepsShown = 0;
  const stateLine = (e: ErasureView) => stream.write(`erasure ${e.id} (subject ${e.subjectId}): ${e.state}\n`);
  return {
    update(e) {
      if (state === undefined) stateLine(e);
      const steps = e.steps ?? [];
      for (const step of steps.slice(stepsShown)) stream.write(`${stepLine(step)}\n`);
      stepsShown = Math.max(stepsShown, steps.length);
      if (state !== undefined && e.state !== state) stateLine(e);
      state = e.state;
    },
    stop: () => undefined,
  };
}

export interface WaitErasureOptions {
  progress: JobProgressMode;
  timeoutMs?: number;
  pollMs?: number;
  stream?: NodeJS.WritableStream;
}

/** Resolves with the request once it is verified or failed. */
export async function waitForErasure(api: ApiClient, id: string, opts: WaitErasureOptions): Promise<ErasureView> {
  const display = createErasureProgressDisplay(opts.progress, opts.stream);
  const deadline = opts.timeoutMs === undefined ? Infinity : Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      const erasure = await fetchErasure(api, id);
      display.update(erasure);
      if (isFinalErasureState(erasure.state)) return erasure;
      if (Date.now() >= deadline) {
        throw new FailedPreconditionError(`erasure ${id} is still ${erasure.state} after ${Math.round((opts.timeoutMs ?? 0) / 1000)}s; it goes on in the workers: follow it with \`stemma erasure inspect ${id}\``);
      }
      await sleep(opts.pollMs ?? 500);
    }
  } finally {
    display.stop();
  }
}

/** Throws unless the request was verified: the message names it, its state and its error. */
export function requireVerified(e: ErasureView): ErasureView {
  if (e.state === 'verified') return e;
  throw new FailedPreconditionError(`erasure ${e.id} of subject ${e.subjectId} ended ${e.state}${e.error ? `: ${e.error}` : ''}`, { erasure: e.id, state: e.state });
}
