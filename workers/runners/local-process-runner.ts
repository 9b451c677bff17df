/**
 * LocalProcessRunner: runs datums as processes on this host, with the same `/pfs` contract
 * as in a container. With bubblewrap, `/pfs/<input>` and `/pfs/out` are bind-mounted in a
 * sandbox (one per attempt, or one per batch through `openSession`); without it, the paths
 * are rewritten to a per-attempt root of symlinks and `PFS_ROOT` names that root
 * (docs/runners.md describes both).
 */
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { FailedPreconditionError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { bubblewrapArgs, findBubblewrap, listHostRoot, probeBubblewrap, type HostFilesystem } from './bubblewrap.js';
import { openBubblewrapSession } from './bubblewrap-session.js';
import { checkDatumTask } from './check-datum-task.js';
import { failBeforeStart, resultSummary, runDatumCommands, writeStdin } from './datum-attempt.js';
import { DEFAULT_HOST_ENV, datumEnv } from './datum-env.js';
import { createLogCollector } from './log-collector.js';
import { linkPfsRoot, rewriteTransform } from './pfs-rewrite.js';
import { runProcessGroup, type ProcessCommand, type ProcessOutcome } from './process-group.js';
import { perDatumSession, type DatumRunResult, type DatumTask, type DatumTransform, type RunOptions, type Runner, type RunnerSession, type SessionOptions } from './runner.js';

export type BubblewrapPolicy = 'auto' | 'always' | 'never';
/** How `/pfs` reaches the code: bind mounts in a bubblewrap sandbox, or the path rewrite. */
export type PfsMode = 'bubblewrap' | 'rewrite';

export interface LocalProcessRunnerOptions {
  /** `auto` (default): bubblewrap when it passes its self-test, else the rewrite. */
  bubblewrap?: BubblewrapPolicy;
  logger: Logger;
  /** The host variables a datum inherits (PATH, HOME, LANG), over a standard PATH and LANG. */
  hostEnv?: Record<string, string>;
  /** The `bwrap` binary; found on `hostEnv.PATH` when not given. */
  bubblewrapPath?: string;
  /** Whether the sandbox may write the host outside `/tmp` and the scratch dir (default read-only). */
  hostFilesystem?: HostFilesystem;
  /** Log lines kept per attempt (default 2,000). */
  maxLogLines?: number;
  /** Milliseconds between SIGTERM and SIGKILL when an attempt is stopped (default 5,000). */
  killGraceMs?: number;
}

export interface LocalProcessRunner extends Runner {
  /** The `/pfs` scheme runs use on this host; the first call probes bubblewrap. */
  pfsMode(): Promise<PfsMode>;
}

/** A way to start the datum's commands once `/pfs` is in place. */
interface DatumLaunch {
  /** The transform as the process sees it (paths rewritten in rewrite mode). */
  transform: DatumTransform;
  command(argv: string[], stdinPath: string | undefined): ProcessCommand;
  /** Why the command cannot start, if it cannot (a missing working directory). */
  problem?: string;
}

type ModeChoice = { mode: 'bubblewrap'; bwrap: string } | { mode: 'rewrite' };

export function createLocalProcessRunner(opts: LocalProcessRunnerOptions): LocalProcessRunner {
  const hostEnv = { ...DEFAULT_HOST_ENV, HOME: homedir(), ...opts.hostEnv };
  const hostFs = opts.hostFilesystem ?? 'read-only';
  const log = opts.logger.child({ component: 'local-process-runner' });
  const killGraceMs = opts.killGraceMs ?? 5_000;
  let choice: Promise<ModeChoice> | undefined;
  const resolveMode = (): Promise<ModeChoice> => (choice ??= chooseMode(opts, hostEnv, hostFs, log));

  const run = async (task: DatumTask, runOpts: RunOptions = {}): Promise<DatumRunResult> => {
    checkDatumTask(task);
    const mode = await resolveMode();
    const started = performance.now();
    const logs = createLogCollector({ maxLines: opts.maxLogLines, onLog: runOpts.onLog });
    const launch = mode.mode === 'bubblewrap' ? await bubblewrapLaunch(task, mode.bwrap, hostEnv, hostFs) : await rewriteLaunch(task, hostEnv);
    const limits = { timeoutMs: task.timeoutMs, signal: runOpts.signal, killGraceMs };
    const start = async (argv: string[], stdin: string[] | undefined, name: string): Promise<ProcessOutcome> => {
      if (launch.problem) return failBeforeStart(logs, launch.problem);
      const stdinPath = await writeStdin(task.workDir, name, stdin);
      return runProcessGroup(launch.command(argv, stdinPath), limits, logs);
    };
    const result = await runDatumCommands(launch.transform, start, logs, started);
    log.debug({ jobId: task.jobId, datumId: task.datumId, mode: mode.mode, ...resultSummary(result) }, 'datum attempt finished');
    return result;
  };

  /** In bubblewrap mode, one sandbox for the whole session; in rewrite mode there is nothing to share. */
  const openSession = async (session: SessionOptions): Promise<RunnerSession> => {
    const mode = await resolveMode();
    if (mode.mode !== 'bubblewrap') return perDatumSession({ run });
    return openBubblewrapSession({ bwrap: mode.bwrap, hostEnv, hostFs, killGraceMs, maxLogLines: opts.maxLogLines, logger: log, scratchDir: session.scratchDir, runAlone: run });
  };

  return { kind: 'local-process', run, openSession, pfsMode: async () => (await resolveMode()).mode };
}

async function chooseMode(opts: LocalProcessRunnerOptions, hostEnv: Record<string, string>, hostFs: HostFilesystem, log: Logger): Promise<ModeChoice> {
  const policy = opts.bubblewrap ?? 'auto';
  if (policy === 'never') return { mode: 'rewrite' };
  const bwrap = opts.bubblewrapPath ?? (await findBubblewrap(hostEnv.PATH));
  const probe = bwrap ? await probeBubblewrap(bwrap, hostFs, hostEnv) : { ok: false as const, reason: 'bwrap is not on PATH' };
  if (probe.ok) {
    log.info({ bwrap }, 'datums run in bubblewrap sandboxes with /pfs mounted');
    return { mode: 'bubblewrap', bwrap: bwrap! };
  }
  if (policy === 'always') {
    throw new FailedPreconditionError(
      `bubblewrap does not work on this host (${probe.reason}): install bubblewrap and allow it its namespaces, or run with bubblewrap 'auto' or 'never'`,
      { reason: probe.reason },
    );
  }
  log.info({ reason: probe.reason }, 'bubblewrap unavailable; datums run with /pfs paths rewritten to a per-attempt root');
  return { mode: 'rewrite' };
}

async function bubblewrapLaunch(task: DatumTask, bwrap: string, hostEnv: Record<string, string>, hostFs: HostFilesystem): Promise<DatumLaunch> {
  const cwd = task.transform.workingDir ?? task.workDir;
  const env = { ...datumEnv(task, '/pfs', hostEnv), PWD: cwd };
  const host = await listHostRoot();
  return {
    transform: task.transform,
    command: (argv, stdinPath) => ({ file: bwrap, args: bubblewrapArgs(task, argv, cwd, host, hostFs), stdinPath, env }),
  };
}

async function rewriteLaunch(task: DatumTask, hostEnv: Record<string, string>): Promise<DatumLaunch> {
  const root = await linkPfsRoot(task);
  const transform = rewriteTransform(task.transform, root);
  const cwd = transform.workingDir ?? task.workDir;
  const env = { ...datumEnv(task, root, hostEnv, transform.env), PWD: cwd };
  const isDir = await stat(cwd).then((s) => s.isDirectory(), () => false);
  return {
    transform,
    command: ([file, ...args], stdinPath) => ({ file: file!, args, stdinPath, env, cwd }),
    problem: isDir ? undefined : `stemma: working directory ${JSON.stringify(cwd)} does not exist`,
  };
}
