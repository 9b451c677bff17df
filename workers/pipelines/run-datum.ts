/**
 * One attempt at one datum: run the transform through the batch's runner session in the
 * workspace prepared for it, store its outputs (in the batch's content batch) and say what
 * became of it, with the attempt's log. A failed command is an outcome, not an exception;
 * only the stores failing throws.
 */
import { isStemmaError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { ContentBatch, ContentStore, TreeEntry, TreeStore } from '../../pfs/tree-store.js';
import type { PipelineSpec } from '../../pipelines/index.js';
import type { DatumAttemptLog, PipelineCore, PlannedDatum } from '../../pipelines/service/index.js';
import type { DatumRunResult, Runner, RunnerSession } from '../runners/runner.js';
import { storeDatumOutputs, type DatumWorkspace } from './datum-workspace.js';

export interface DatumAttempt {
  state: 'success' | 'failed' | 'recovered';
  /** A failure that no retry can fix (an invalid task). */
  final: boolean;
  error: string | null;
  durationMs: number;
  outputs: TreeEntry[];
  log: DatumAttemptLog;
}

export interface RunDatumContext {
  core: PipelineCore;
  runner: Runner;
  storage: { content: ContentStore; trees: TreeStore };
  workDir: string;
  logger: Logger;
}

export interface DatumAttemptRequest {
  jobId: string;
  spec: PipelineSpec;
  datum: PlannedDatum;
  attempt: number;
  timeoutMs?: number;
  signal: AbortSignal;
  session: RunnerSession;
  space: DatumWorkspace;
  /** Where the outputs' bytes go until the batch's results are recorded. */
  outputs: ContentBatch;
}

export async function runDatumAttempt(ctx: RunDatumContext, req: DatumAttemptRequest): Promise<DatumAttempt> {
  const { jobId, spec, datum, space } = req;
  const startedAt = new Date().toISOString();
  let result: DatumRunResult;
  try {
    result = await req.session.run(
      {
        jobId,
        datumId: datum.datumKey,
        pipeline: spec.pipeline,
        transform: spec.transform,
        inputs: space.inputs,
        outputDir: space.outputDir,
        workDir: space.workDir,
        timeoutMs: req.timeoutMs,
        resources: { requests: spec.resourceRequests, limits: spec.resourceLimits },
      },
      { signal: req.signal },
    );
  } catch (err) {
    if (!isStemmaError(err)) throw err;
    const log = attemptLog({ attempt: req.attempt, startedAt, error: err.message });
    return { state: 'failed', final: true, error: err.message, durationMs: 0, outputs: [], log };
  }
  const error = describeFailure(result, req.timeoutMs);
  const outputs = result.succeeded ? await storeDatumOutputs(ctx.storage.content, req.outputs, space.outputDir) : [];
  const state = result.succeeded ? 'success' : result.recovered ? 'recovered' : 'failed';
  return { state, final: false, error, durationMs: result.durationMs, outputs, log: attemptLog({ attempt: req.attempt, startedAt, error, result }) };
}

function describeFailure(result: DatumRunResult, timeoutMs: number | undefined): string | null {
  if (result.succeeded) return null;
  if (result.timedOut) return `timed out after ${((timeoutMs ?? 0) / 1000).toFixed(1)}s`;
  if (result.aborted) return 'stopped: the job ended';
  const lastErr = [...result.logs].reverse().find((l) => l.stream === 'stderr')?.line;
  const how = result.exitCode !== null ? `exited with code ${result.exitCode}` : `was killed by ${result.signal ?? 'a signal'}`;
  return `the command ${how}${lastErr ? `: ${lastErr.slice(0, 500)}` : ''}${result.recovered ? ' (recovered by errCmd)' : ''}`;
}

/** The log of an attempt that ran (`result`) or could not run. */
export function attemptLog(at: { attempt: number; startedAt: string; error: string | null; result?: DatumRunResult }): DatumAttemptLog {
  const r = at.result;
  return {
    attempt: at.attempt,
    startedAt: at.startedAt,
    exitCode: r?.exitCode ?? null,
    signal: r?.signal ?? null,
    timedOut: r?.timedOut ?? false,
    succeeded: r?.succeeded ?? false,
    recovered: r?.recovered ?? false,
    durationMs: r?.durationMs ?? 0,
    error: at.error,
    lines: r?.logs ?? [],
    droppedLines: r?.droppedLogLines ?? 0,
  };
}
