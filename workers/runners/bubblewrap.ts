/**
 * Bubblewrap (`bwrap`) sandboxes for datums: a new mount and pid namespace that shows the
 * host's top-level directories (read-only by default; `/tmp` and the attempt's scratch
 * directory writable), each input read-only at `/pfs/<name>` and the output directory at
 * `/pfs/out`, so that the code's paths are literally `/pfs/...`. The root of the sandbox is
 * bwrap's own tmpfs, so `/pfs` is never created on the host.
 */
import { constants } from 'node:fs';
import { access, lstat, mkdir, mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createLogCollector } from './log-collector.js';
import { runProcessGroup } from './process-group.js';
import type { DatumTask } from './runner.js';

export type HostFilesystem = 'read-only' | 'read-write';

/** One entry of the host's `/`, as the sandbox re-creates it. */
export type HostEntry = { path: string; kind: 'dir' | 'file' } | { path: string; kind: 'symlink'; target: string };

/** Entries the sandbox provides itself. */
const OWN_ENTRIES = new Set(['/proc', '/dev', '/pfs']);

/** Entries writable even when the host is read-only. */
const WRITABLE_ENTRIES = new Set(['/tmp']);

/** The host's top-level entries, except those the sandbox provides itself. */
export async function listHostRoot(): Promise<HostEntry[]> {
  const entries: HostEntry[] = [];
  for (const name of (await readdir('/')).sort()) {
    const path = `/${name}`;
    if (OWN_ENTRIES.has(path)) continue;
    const stat = await lstat(path).catch(() => undefined);
    if (stat?.isSymbolicLink()) entries.push({ path, kind: 'symlink', target: await readlink(path) });
    else if (stat?.isDirectory()) entries.push({ path, kind: 'dir' });
    else if (stat?.isFile()) entries.push({ path, kind: 'file' });
  }
  return entries;
}

/** The namespaces and the host's entries every sandbox starts from. */
function sandboxBaseArgs(host: HostEntry[], fs: HostFilesystem): string[] {
  const args = ['--die-with-parent', '--unshare-pid', '--proc', '/proc', '--dev', '/dev'];
  for (const entry of host) {
    if (entry.kind === 'symlink') args.push('--symlink', entry.target, entry.path);
    else args.push(fs === 'read-only' && !WRITABLE_ENTRIES.has(entry.path) ? '--ro-bind' : '--bind', entry.path, entry.path);
  }
  return args;
}

/** The bwrap arguments that run `argv` for `task` in working directory `cwd`. */
export function bubblewrapArgs(task: DatumTask, argv: string[], cwd: string, host: HostEntry[], fs: HostFilesystem): string[] {
  const args = sandboxBaseArgs(host, fs);
  args.push('--bind', task.workDir, task.workDir);
  for (const input of task.inputs) args.push('--ro-bind', input.dir, `/pfs/${input.name}`);
  args.push('--bind', task.outputDir, '/pfs/out', '--chdir', cwd, '--', ...argv);
  return args;
}

/** The directories a batch sandbox is built on (see `bubblewrapSessionArgs`). */
export interface SessionMounts {
  /** Writable at its own path: the datums' work directories lie under it. */
  scratchDir: string;
  /** Read-only at `/pfs`: the running datum's input directories are moved in as `<name>`; holds an empty `out`. */
  pfsDir: string;
  /** Writable at `/pfs/out`: emptied into the datum's output directory after each datum. */
  outDir: string;
}

/**
 * The bwrap arguments of a sandbox that runs a batch's datums one after another: `/pfs` is
 * a read-only view of a directory the host fills with the running datum's inputs, and
 * `/pfs/out` a writable one it empties after each datum.
 */
export function bubblewrapSessionArgs(mounts: SessionMounts, argv: string[], host: HostEntry[], fs: HostFilesystem): string[] {
  const args = sandboxBaseArgs(host, fs);
  args.push('--bind', mounts.scratchDir, mounts.scratchDir, '--ro-bind', mounts.pfsDir, '/pfs', '--bind', mounts.outDir, '/pfs/out');
  args.push('--chdir', mounts.scratchDir, '--', ...argv);
  return args;
}

/** The first executable `bwrap` on `path` (a `PATH` value), if any. */
export async function findBubblewrap(path: string | undefined): Promise<string | undefined> {
  for (const dir of (path ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'bwrap');
    if (await access(candidate, constants.X_OK).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * Runs a real datum through `bwrap`: an input file must be readable at `/pfs/probe/` and a
 * file written to `/pfs/out/` must reach the output directory. Some hosts refuse the
 * namespaces bwrap needs (a container without privileges, user namespaces disabled).
 */
export async function probeBubblewrap(bwrap: string, fs: HostFilesystem, env: Record<string, string>): Promise<ProbeResult> {
  const root = await mkdtemp(join(tmpdir(), 'stemma-bwrap-probe-'));
  try {
    const task = await probeTask(root);
    const logs = createLogCollector({ maxLines: 20 });
    const argv = ['/bin/sh', '-c', 'cat /pfs/probe/in.txt > /pfs/out/out.txt'];
    const args = bubblewrapArgs(task, argv, task.workDir, await listHostRoot(), fs);
    const outcome = await runProcessGroup({ file: bwrap, args, env }, { timeoutMs: 10_000, killGraceMs: 1_000 }, logs);
    const copied = await access(join(task.outputDir, 'out.txt')).then(() => true, () => false);
    if (outcome.exitCode === 0 && copied) return { ok: true };
    const said = logs.snapshot().logs.map((l) => l.line).join(' | ');
    return { ok: false, reason: `${bwrap} exited ${outcome.exitCode ?? outcome.signal}${said ? `: ${said}` : ''}` };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function probeTask(root: string): Promise<DatumTask> {
  const [input, outputDir, workDir] = ['in', 'out', 'work'].map((d) => join(root, d)) as [string, string, string];
  await Promise.all([mkdir(input), mkdir(outputDir), mkdir(workDir)]);
  await writeFile(join(input, 'in.txt'), 'probe\n');
  return {
    jobId: 'probe',
    datumId: 'probe',
    pipeline: { name: 'probe', project: 'default' },
    transform: { cmd: ['/bin/sh'] },
    inputs: [{ name: 'probe', dir: input }],
    outputDir,
    workDir,
  };
}
