/**
 * The host's end of a batch sandbox: one `bwrap` process running the sandbox driver, to
 * which commands are handed one at a time. Each command's output goes to its own log
 * collector; its end comes back as a `ProcessOutcome`, as `runProcessGroup` gives it for a
 * process of its own. If the sandbox dies, the running command ends with the reason logged
 * and the sandbox is marked dead (the session starts another).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type { Logger } from '../../core/logger.js';
import type { LogCollector } from './log-collector.js';
import { killGroup, type ProcessOutcome } from './process-group.js';
import type { DriverEvent, DriverRequest, DriverRunRequest } from './sandbox-driver.js';

export type SandboxCommand = Omit<DriverRunRequest, 'op' | 'id'>;

export interface SandboxProcess {
  /** Runs one command in the sandbox (one at a time); its output goes to `logs`. */
  exec(command: SandboxCommand, logs: LogCollector, signal?: AbortSignal): Promise<ProcessOutcome>;
  readonly alive: boolean;
  /** Ends the sandbox, killing what still runs in it. */
  close(): Promise<void>;
}

interface Running {
  id: number;
  streams: { o: PassThrough; e: PassThrough };
  end(outcome: ProcessOutcome): void;
}

const READY_TIMEOUT_MS = 30_000;
const CLOSE_GRACE_MS = 5_000;

/** Starts `bwrap` with `args` (which end in the driver's command line) and waits for the driver. */
export async function startSandboxProcess(bwrap: string, args: string[], env: Record<string, string>, logger: Logger): Promise<SandboxProcess> {
  const child = spawn(bwrap, args, { env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let alive = true;
  let running: Running | null = null;
  let nextId = 1;
  let markReady: () => void = () => undefined;
  const said: string[] = [];
  const send = (request: DriverRequest) => child.stdin!.write(`${JSON.stringify(request)}\n`);
  const dispatch = (event: DriverEvent): void => {
    if (event.ev === 'ready') return markReady();
    if (!running || event.id !== running.id) return;
    if (event.ev === 'out') running.streams[event.s].write(event.d);
    else running.end({ exitCode: event.code, signal: event.signal, timedOut: event.timedOut, aborted: event.aborted });
  };
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    child.once('exit', (code, signal) => {
      alive = false;
      const why = `the sandbox ended unexpectedly (${signal ?? `exit ${code}`})${said.length ? `: ${said.join(' | ')}` : ''}`;
      reject(new Error(why));
      if (running) {
        running.streams.e.write(`stemma: ${why}\n`);
        running.end({ exitCode: null, signal: signal ?? null, timedOut: false, aborted: false });
      }
    });
    child.once('error', (err) => reject(err));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.trim()) dispatch(JSON.parse(line) as DriverEvent);
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    said.push(line);
    if (said.length > 5) said.shift();
    logger.warn({ line }, 'sandbox driver');
  });
  child.stdin!.on('error', () => undefined);

  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the sandbox did not start within ${READY_TIMEOUT_MS / 1000}s`)), READY_TIMEOUT_MS);
  });
  try {
    await Promise.race([ready, late]);
  } catch (err) {
    stopProcess(child);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  ready.catch(() => undefined);

  return {
    get alive() {
      return alive;
    },
    async exec(command, logs, signal) {
      if (signal?.aborted) return { exitCode: null, signal: null, timedOut: false, aborted: true };
      if (!alive || running) throw new Error(alive ? 'the sandbox runs one command at a time' : 'the sandbox has ended');
      const id = nextId++;
      const streams = { o: new PassThrough(), e: new PassThrough() };
      const followed = Promise.all([logs.follow(streams.o, 'stdout'), logs.follow(streams.e, 'stderr')]);
      const ended = new Promise<ProcessOutcome>((resolve) => {
        running = { id, streams, end: resolve };
      });
      const onAbort = () => send({ op: 'stop', id });
      signal?.addEventListener('abort', onAbort, { once: true });
      send({ op: 'run', id, ...command });
      const outcome = await ended;
      signal?.removeEventListener('abort', onAbort);
      running = null;
      streams.o.end();
      streams.e.end();
      await followed;
      return outcome;
    },
    async close() {
      if (!alive) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      const timer = setTimeout(() => stopProcess(child), CLOSE_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

function stopProcess(child: ChildProcess): void {
  if (child.pid !== undefined && child.exitCode === null) killGroup(child.pid, 'SIGKILL');
}
