/**
 * The driver that runs inside one bubblewrap sandbox for a batch of datums: a small Node
 * program (the worker's own `node`, run with `-e`) that takes one command at a time on its
 * stdin and runs it as the leader of its own process group, relays its stdout and stderr,
 * enforces its timeout, and reports how it ended. When the command ends, every process left
 * in the sandbox (its pid namespace) is killed before the end is reported, so nothing a
 * datum started outlives it or writes into the next datum's `/pfs/out`.
 *
 * The protocol is JSON lines: `DriverRequest` on the driver's stdin, `DriverEvent` on its
 * stdout. The driver's stderr carries only its own failures.
 */

/** Run a command; the host has put the datum's `/pfs` in place first. */
export interface DriverRunRequest {
  op: 'run';
  id: number;
  file: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** A file fed to the command as stdin (default `/dev/null`). */
  stdin: string | null;
  timeoutMs: number | null;
  killGraceMs: number;
}

/** Stop a running command: SIGTERM to its group, SIGKILL after the grace period. */
export interface DriverStopRequest {
  op: 'stop';
  id: number;
}

export type DriverRequest = DriverRunRequest | DriverStopRequest;

export type DriverEvent =
  | { ev: 'ready' }
  /** Output of a running command: `s` is `o` (stdout) or `e` (stderr). */
  | { ev: 'out'; id: number; s: 'o' | 'e'; d: string }
  | { ev: 'exit'; id: number; code: number | null; signal: string | null; timedOut: boolean; aborted: boolean };

/** The driver's source, plain CommonJS for `node -e`. */
export const SANDBOX_DRIVER_SOURCE = String.raw`
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const readline = require('node:readline');
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const runs = new Map();

function killGroup(pid, sig) {
  try { process.kill(-pid, sig); } catch (e) { /* gone */ }
}

/** Kills every process of the sandbox but its init (pid 1) and this driver. */
function sweep() {
  for (const name of fs.readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    try { process.kill(pid, 'SIGKILL'); } catch (e) { /* gone */ }
  }
}

function stop(st, mark, graceMs) {
  if (st.stopping || st.child.pid === undefined) return;
  st.stopping = true;
  st[mark] = true;
  killGroup(st.child.pid, 'SIGTERM');
  st.escalation = setTimeout(() => killGroup(st.child.pid, 'SIGKILL'), graceMs);
}

function fail(id, line, code) {
  send({ ev: 'out', id, s: 'e', d: line + '\n' });
  send({ ev: 'exit', id, code, signal: null, timedOut: false, aborted: false });
}

function exitCodeOf(err) {
  if (err.code === 'ENOENT') return 127;
  if (err.code === 'EACCES') return 126;
  return 1;
}

function closed(stream) {
  return new Promise((resolve) => { stream.once('close', resolve); stream.once('error', resolve); });
}

function run(m) {
  let isDir = false;
  try { isDir = fs.statSync(m.cwd).isDirectory(); } catch (e) { /* missing */ }
  if (!isDir) return fail(m.id, 'stemma: working directory ' + JSON.stringify(m.cwd) + ' does not exist', 1);
  let stdin;
  try { stdin = fs.openSync(m.stdin || '/dev/null', 'r'); } catch (e) { return fail(m.id, 'stemma: cannot read stdin: ' + e.message, 1); }
  let child;
  try {
    child = spawn(m.file, m.args, { cwd: m.cwd, env: m.env, detached: true, stdio: [stdin, 'pipe', 'pipe'] });
  } finally {
    fs.closeSync(stdin);
  }
  const st = { child, stopping: false, timedOut: false, aborted: false, escalation: null, timer: null, done: false, graceMs: m.killGraceMs };
  runs.set(m.id, st);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (d) => send({ ev: 'out', id: m.id, s: 'o', d }));
  child.stderr.on('data', (d) => send({ ev: 'out', id: m.id, s: 'e', d }));
  const output = Promise.all([closed(child.stdout), closed(child.stderr)]);
  if (m.timeoutMs !== null) st.timer = setTimeout(() => stop(st, 'timedOut', m.killGraceMs), m.timeoutMs);
  const end = async (code, signal, err) => {
    if (st.done) return;
    st.done = true;
    clearTimeout(st.timer);
    clearTimeout(st.escalation);
    if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
    sweep();
    let late;
    await Promise.race([output, new Promise((r) => { late = setTimeout(r, 2000); })]);
    clearTimeout(late);
    child.stdout.destroy();
    child.stderr.destroy();
    runs.delete(m.id);
    if (err) return fail(m.id, 'stemma: cannot run ' + JSON.stringify(m.file) + ': ' + err.message, exitCodeOf(err));
    send({ ev: 'exit', id: m.id, code, signal, timedOut: st.timedOut, aborted: st.aborted });
  };
  child.once('exit', (code, signal) => end(code, signal, null));
  child.once('error', (err) => { if (child.pid === undefined) end(null, null, err); });
}

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  const m = JSON.parse(line);
  if (m.op === 'run') run(m);
  else if (m.op === 'stop') { const st = runs.get(m.id); if (st) stop(st, 'aborted', st.graceMs); }
});
lines.on('close', () => {
  for (const st of runs.values()) if (st.child.pid !== undefined) killGroup(st.child.pid, 'SIGKILL');
  sweep();
  process.exit(0);
});
send({ ev: 'ready' });
`;
