/**
 * Runs one command as the leader of its own process group, so that a timeout, an abort or
 * the end of the leader reaches every process it started: the group gets SIGTERM, then
 * SIGKILL after a grace period. When the leader exits, what it left running is killed, as
 * when a container stops.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { open } from 'node:fs/promises';
import type { LogCollector } from './log-collector.js';

export interface ProcessCommand {
  file: string;
  args: string[];
  /**
   * A file the command reads as stdin (default `/dev/null`). A file, not a pipe from this
   * process: Node's pipes are sockets, and bash sources `~/.bashrc` when stdin is a socket.
   */
  stdinPath?: string;
  env: Record<string, string>;
  cwd?: string;
}

export interface ProcessLimits {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Milliseconds between SIGTERM and SIGKILL. */
  killGraceMs: number;
  /** Milliseconds to wait for output pipes held open by escaped processes. */
  drainMs?: number;
}

export interface ProcessOutcome {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** The process id of the group leader, when it started. */
  pid?: number;
}

/** Runs `command` to its end, feeding its output to `logs`. Never rejects. */
export async function runProcessGroup(command: ProcessCommand, limits: ProcessLimits, logs: LogCollector): Promise<ProcessOutcome> {
  const outcome: ProcessOutcome = { exitCode: null, signal: null, timedOut: false, aborted: false };
  if (limits.signal?.aborted) return { ...outcome, aborted: true };
  const stdin = await open(command.stdinPath ?? '/dev/null', 'r');
  let child: ChildProcess;
  let exited: Promise<Exit>;
  let output: Promise<unknown>;
  try {
    child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env, detached: true, stdio: [stdin.fd, 'pipe', 'pipe'] });
    // Listen before any await: Node discards the output of an exited child nobody reads.
    exited = waitForExit(child);
    output = Promise.all([logs.follow(child.stdout!, 'stdout'), logs.follow(child.stderr!, 'stderr')]);
  } finally {
    await stdin.close();
  }
  outcome.pid = child.pid;

  const stop = createStopper(child, limits.killGraceMs);
  const timer = limits.timeoutMs === undefined ? undefined : setTimeout(() => stop(() => (outcome.timedOut = true)), limits.timeoutMs);
  const onAbort = (): void => stop(() => (outcome.aborted = true));
  limits.signal?.addEventListener('abort', onAbort, { once: true });

  const ended = await exited;
  clearTimeout(timer);
  limits.signal?.removeEventListener('abort', onAbort);
  stop.cancelEscalation();
  if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
  if ('error' in ended) {
    logs.add('stderr', `stemma: cannot run ${JSON.stringify(command.file)}: ${ended.error.message}`);
    return { ...outcome, exitCode: spawnErrorExitCode(ended.error) };
  }
  await drainOutput(output, child, limits.drainMs ?? 2_000);
  return { ...outcome, exitCode: ended.code, signal: ended.signal };
}

type Exit = { code: number | null; signal: string | null } | { error: NodeJS.ErrnoException };

function waitForExit(child: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ error });
    });
  });
}

type Stopper = ((mark: () => void) => void) & { cancelEscalation(): void };

/** SIGTERM to the group now, SIGKILL after the grace period; the first call wins. */
function createStopper(child: ChildProcess, graceMs: number): Stopper {
  let escalation: NodeJS.Timeout | undefined;
  let stopping = false;
  const stop = ((mark: () => void) => {
    if (stopping || child.pid === undefined) return;
    stopping = true;
    mark();
    killGroup(child.pid, 'SIGTERM');
    escalation = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), graceMs);
  }) as Stopper;
  stop.cancelEscalation = () => clearTimeout(escalation);
  return stop;
}

/** Signals every process of the group led by `pid`; a group already gone is fine. */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/** A process that left the group (setsid) may hold the pipes open; stop waiting for it. */
async function drainOutput(output: Promise<unknown>, child: ChildProcess, drainMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve();
    }, drainMs);
  });
  await Promise.race([output, late]);
  clearTimeout(timer);
}

/** The exit code a shell reports for the same failure. */
function spawnErrorExitCode(error: NodeJS.ErrnoException): number {
  if (error.code === 'ENOENT') return 127;
  if (error.code === 'EACCES') return 126;
  return 1;
}
