/**
 * A batch of datums in one bubblewrap sandbox. Starting a sandbox costs more than many a
 * datum, so the session starts one (lazily, and again if it dies) and runs each datum's
 * commands in it through the sandbox driver. The `/pfs` contract stays literal for every
 * datum: before a datum runs, its input directories are moved (renamed, not copied) into
 * the directory the sandbox sees read-only as `/pfs`, so `/pfs` holds exactly that datum's
 * inputs and `out`; `/pfs/out` is a writable directory emptied into the datum's own output
 * directory after it ran; the inputs are moved back. Each datum keeps its own environment,
 * working directory, stdin, logs, exit code and timeout, and whatever it left running is
 * killed before the next one starts.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../core/logger.js';
import { bubblewrapSessionArgs, listHostRoot, type HostFilesystem, type SessionMounts } from './bubblewrap.js';
import { checkDatumTask } from './check-datum-task.js';
import { resultSummary, runDatumCommands, writeStdin } from './datum-attempt.js';
import { datumEnv } from './datum-env.js';
import { createLogCollector } from './log-collector.js';
import type { DatumRunResult, DatumTask, RunOptions, RunnerSession } from './runner.js';
import { SANDBOX_DRIVER_SOURCE } from './sandbox-driver.js';
import { startSandboxProcess, type SandboxProcess } from './sandbox-process.js';

export interface BubblewrapSessionOptions {
  bwrap: string;
  hostEnv: Record<string, string>;
  hostFs: HostFilesystem;
  killGraceMs: number;
  maxLogLines?: number;
  logger: Logger;
  /** The session's scratch directory; the sandbox's own directories go in `.sandbox/` under it. */
  scratchDir: string;
  /** Runs a task whose directories cannot be moved into the sandbox, in a sandbox of its own. */
  runAlone(task: DatumTask, opts?: RunOptions): Promise<DatumRunResult>;
}

export async function openBubblewrapSession(opts: BubblewrapSessionOptions): Promise<RunnerSession> {
  const root = join(opts.scratchDir, '.sandbox');
  const mounts: SessionMounts = { scratchDir: opts.scratchDir, pfsDir: join(root, 'pfs'), outDir: join(root, 'out') };
  await mkdir(join(mounts.pfsDir, 'out'), { recursive: true });
  await mkdir(mounts.outDir, { recursive: true });
  let sandbox: SandboxProcess | null = null;
  let broken = false;
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  /** The running sandbox, started if need be; null (and every later datum alone) when it cannot start. */
  const ensureSandbox = async (): Promise<SandboxProcess | null> => {
    if (sandbox?.alive) return sandbox;
    if (broken) return null;
    try {
      const args = bubblewrapSessionArgs(mounts, [process.execPath, '-e', SANDBOX_DRIVER_SOURCE], await listHostRoot(), opts.hostFs);
      sandbox = await startSandboxProcess(opts.bwrap, args, opts.hostEnv, opts.logger);
      return sandbox;
    } catch (err) {
      broken = true;
      opts.logger.warn({ err }, 'the batch sandbox did not start; its datums run in sandboxes of their own');
      return null;
    }
  };

  const runInSandbox = async (task: DatumTask, runOpts: RunOptions): Promise<DatumRunResult> => {
    checkDatumTask(task);
    if (![task.workDir, task.outputDir].every((dir) => isUnder(opts.scratchDir, dir))) return opts.runAlone(task, runOpts);
    const box = await ensureSandbox();
    if (!box) return opts.runAlone(task, runOpts);
    const staged = await stageInputs(task, mounts.pfsDir);
    if (!staged) return opts.runAlone(task, runOpts);
    try {
      const started = performance.now();
      const logs = createLogCollector({ maxLines: opts.maxLogLines, onLog: runOpts.onLog });
      const cwd = task.transform.workingDir ?? task.workDir;
      const env = { ...datumEnv(task, '/pfs', opts.hostEnv), PWD: cwd };
      const start = async (argv: string[], stdin: string[] | undefined, name: string) => {
        const stdinPath = await writeStdin(task.workDir, name, stdin);
        const [file, ...args] = argv;
        const command = { file: file!, args, env, cwd, stdin: stdinPath ?? null, timeoutMs: task.timeoutMs ?? null, killGraceMs: opts.killGraceMs };
        return box.exec(command, logs, runOpts.signal);
      };
      const result = await runDatumCommands(task.transform, start, logs, started);
      opts.logger.debug({ jobId: task.jobId, datumId: task.datumId, mode: 'bubblewrap-session', ...resultSummary(result) }, 'datum attempt finished');
      return result;
    } finally {
      await moveEntries(mounts.outDir, task.outputDir);
      await unstageInputs(task, mounts.pfsDir);
    }
  };

  return {
    run(task, runOpts = {}) {
      if (closed) return Promise.reject(new Error('the runner session is closed'));
      const turn = queue.then(() => runInSandbox(task, runOpts));
      queue = turn.catch(() => undefined);
      return turn;
    },
    async close() {
      closed = true;
      await queue;
      await sandbox?.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Moves each input directory to `<pfsDir>/<name>`; false (with nothing moved) when one cannot be. */
async function stageInputs(task: DatumTask, pfsDir: string): Promise<boolean> {
  const moved: { from: string; to: string }[] = [];
  for (const input of task.inputs) {
    const to = join(pfsDir, input.name);
    try {
      await rename(input.dir, to);
      moved.push({ from: input.dir, to });
    } catch {
      for (const m of moved.reverse()) await rename(m.to, m.from);
      return false;
    }
  }
  return true;
}

async function unstageInputs(task: DatumTask, pfsDir: string): Promise<void> {
  for (const input of task.inputs) await rename(join(pfsDir, input.name), input.dir);
}

/** Moves every entry of `from` into `to` (emptying `from`). */
async function moveEntries(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) await rename(join(from, name), join(to, name));
}

function isUnder(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
