/**
 * One attempt at a datum, whatever starts its processes: the transform's command, then, if
 * it failed, `errCmd` with the same `/pfs`, and the result Pachyderm's rules give them.
 * The local runner starts the commands one sandbox (or one rewrite root) per attempt; a
 * batch session starts them in the batch's sandbox.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LogCollector } from './log-collector.js';
import type { ProcessOutcome } from './process-group.js';
import type { DatumRunResult, DatumTransform } from './runner.js';

/** Starts `argv` with `stdin` lines (written to a file named `name`) and waits for its end. */
export type StartCommand = (argv: string[], stdin: string[] | undefined, name: string) => Promise<ProcessOutcome>;

/** Runs the command and, when it failed and may be recovered, `errCmd`; reports both as one result. */
export async function runDatumCommands(transform: DatumTransform, start: StartCommand, logs: LogCollector, startedAt: number): Promise<DatumRunResult> {
  const main = await start(transform.cmd, transform.stdin, 'stdin');
  const succeeded = !main.timedOut && !main.aborted && acceptsExit(transform, main.exitCode);
  const recovered = !succeeded && canRecover(transform, main) && (await start(transform.errCmd!, transform.errStdin, 'err-stdin')).exitCode === 0;
  const { logs: lines, dropped } = logs.snapshot();
  return {
    exitCode: main.exitCode,
    signal: main.signal,
    timedOut: main.timedOut,
    aborted: main.aborted,
    durationMs: Math.round(performance.now() - startedAt),
    logs: lines,
    droppedLogLines: dropped,
    succeeded,
    recovered,
  };
}

/** A command that could not start: the reason is logged as the runner's own line. */
export function failBeforeStart(logs: LogCollector, problem: string): ProcessOutcome {
  logs.add('stderr', problem);
  return { exitCode: 1, signal: null, timedOut: false, aborted: false };
}

function acceptsExit(transform: DatumTransform, code: number | null): boolean {
  return code === 0 || (code !== null && (transform.acceptReturnCode ?? []).includes(code));
}

/** Pachyderm runs `errCmd` for a datum whose command failed, not for one that was stopped. */
function canRecover(transform: DatumTransform, main: ProcessOutcome): boolean {
  return (transform.errCmd?.length ?? 0) > 0 && !main.timedOut && !main.aborted;
}

/** Writes the stdin lines, joined with newlines as Pachyderm does, to a file of the attempt. */
export async function writeStdin(workDir: string, name: string, lines: string[] | undefined): Promise<string | undefined> {
  if (!lines || lines.length === 0) return undefined;
  const dir = join(workDir, '.stemma');
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

/** The fields of a result worth a debug line. */
export function resultSummary(result: DatumRunResult): Record<string, unknown> {
  const { exitCode, signal, timedOut, aborted, succeeded, recovered, durationMs } = result;
  return { exitCode, signal, timedOut, aborted, succeeded, recovered, durationMs };
}
