import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { createLocalProcessRunner, type BubblewrapPolicy } from './local-process-runner.js';
import type { DatumRunResult, RunnerSession } from './runner.js';
import { createDatumDirs, type DatumDirs } from './test-datum-dirs.js';

// Processes start slowly on a loaded host; the assertions on timing have their own bounds.
vi.setConfig({ testTimeout: 20_000 });

const hostEnv = loadConfig(['runner']).runner.hostEnv;
const newRunner = (bubblewrap: BubblewrapPolicy) => createLocalProcessRunner({ bubblewrap, logger: silentLogger, hostEnv, killGraceMs: 300 });

/** Rewrite mode always (a session of single runs); the batch sandbox too where bubblewrap works here. */
const autoMode = await newRunner('auto').pfsMode();
const policies: BubblewrapPolicy[] = autoMode === 'bubblewrap' ? ['never', 'always'] : ['never'];

const stdout = (result: DatumRunResult) => result.logs.filter((l) => l.stream === 'stdout').map((l) => l.line);

/** Prints every input file it sees under $PFS_ROOT as `input:path=content`, and the entries of $PFS_ROOT. */
const LIST_PFS = [
  'import os',
  "pfs = os.environ['PFS_ROOT']",
  "print(' '.join(sorted(os.listdir(pfs))))",
  'for name in sorted(os.listdir(pfs)):',
  "    if name == 'out': continue",
  '    top = os.path.join(pfs, name)',
  '    for root, _, files in os.walk(top, followlinks=True):',
  '        for f in sorted(files):',
  '            p = os.path.join(root, f)',
  "            print(name + ':' + p[len(top):] + '=' + open(p).read())",
  "open(os.path.join(pfs, 'out', 'me.txt'), 'w').write(os.environ['STEMMA_DATUM_ID'])",
].join('\n');

describe.each(policies)('a runner session, bubblewrap %s', (policy) => {
  const runner = newRunner(policy);
  let scratch: string;
  let session: RunnerSession;
  const datum = (inputs: Record<string, Record<string, string>>, base?: string): Promise<DatumDirs> => createDatumDirs(inputs, base ?? scratch);

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'stemma-session-test-'));
    session = await runner.openSession({ jobId: 'session-test', pipeline: { name: 'p', project: 'default' }, scratchDir: scratch });
  });
  afterAll(async () => {
    await session.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('shows each datum only its own inputs under /pfs, and keeps its outputs apart', async () => {
    const first = await datum({ in: { 'a.txt': 'one' } });
    const second = await datum({ left: { 'x/b.txt': 'two' }, right: { 'c.txt': 'three' } });
    const third = await datum({ in: { 'd.txt': 'four' } });
    const results = [];
    for (const d of [first, second, third]) results.push(await session.run(d.task({ cmd: ['python3', '-c', LIST_PFS] })));
    expect(results.map((r) => r.succeeded)).toEqual([true, true, true]);
    expect(results.map(stdout)).toEqual([
      ['in out', 'in:/a.txt=one'],
      ['left out right', 'left:/x/b.txt=two', 'right:/c.txt=three'],
      ['in out', 'in:/d.txt=four'],
    ]);
    for (const d of [first, second, third]) expect(await d.output('me.txt')).toBe(d.task({ cmd: ['true'] }).datumId);
    expect(await readdir(join(second.root, 'in'))).toEqual(['left', 'right']);
  });

  it('keeps exit codes, logs and environment per datum', async () => {
    const dirs = await Promise.all([0, 3, 0].map(() => datum({ in: { 'a.txt': 'x' } })));
    const results: DatumRunResult[] = [];
    for (const [i, d] of dirs.entries()) {
      const cmd = ['bash', '-c', `echo "datum $STEMMA_DATUM_ID"; echo "warn ${i}" >&2; exit ${[0, 3, 0][i]}`];
      results.push(await session.run(d.task({ cmd, env: { N: String(i) } })));
    }
    expect(results.map((r) => [r.exitCode, r.succeeded])).toEqual([
      [0, true],
      [3, false],
      [0, true],
    ]);
    results.forEach((r, i) => {
      expect(r.logs.map(({ stream, line }) => ({ stream, line }))).toEqual([
        { stream: 'stdout', line: `datum ${dirs[i]!.task({ cmd: ['true'] }).datumId}` },
        { stream: 'stderr', line: `warn ${i}` },
      ]);
    });
  });

  it('times out one datum, and runs the next one normally', async () => {
    const slow = await datum({ in: { 'a.txt': 'x' } });
    const quick = await datum({ in: { 'a.txt': 'x' } });
    const started = Date.now();
    const timedOut = await session.run(slow.task({ cmd: ['bash', '-c', 'echo started; sleep 30'] }, { timeoutMs: 400 }));
    expect(timedOut).toMatchObject({ timedOut: true, succeeded: false, aborted: false });
    expect(stdout(timedOut)).toEqual(['started']);
    expect(Date.now() - started).toBeLessThan(3_000);
    const next = await session.run(quick.task({ cmd: ['bash', '-c', 'echo fine > /pfs/out/ok'] }));
    expect(next).toMatchObject({ succeeded: true, exitCode: 0, timedOut: false });
    expect(await quick.output('ok')).toBe('fine\n');
  });

  it('leaves nothing a datum started running into the next datum', async () => {
    const first = await datum({ in: { 'a.txt': 'x' } });
    const second = await datum({ in: { 'a.txt': 'x' } });
    const detached = policy === 'always' ? "setsid sh -c 'sleep 0.5; echo escaped > /pfs/out/escaped' & " : '';
    const leaving = await session.run(first.task({ cmd: ['bash', '-c', `${detached}(sleep 0.5; echo late > /pfs/out/late) & exit 0`] }));
    expect(leaving.succeeded).toBe(true);
    const waiting = await session.run(second.task({ cmd: ['bash', '-c', 'sleep 1.2; ls /pfs/out'] }));
    expect(stdout(waiting)).toEqual([]);
    expect(await readdir(join(first.root, 'out'))).toEqual([]);
  });

  it('recovers a failed datum with errCmd, and stops one whose caller aborts', async () => {
    const failing = await datum({ in: { 'a.txt': 'x' } });
    const recovered = await session.run(failing.task({ cmd: ['bash', '-c', 'exit 2'], errCmd: ['bash'], errStdin: ['echo recovering > /pfs/out/err.txt'] }));
    expect(recovered).toMatchObject({ succeeded: false, exitCode: 2, recovered: true });
    expect(await failing.output('err.txt')).toBe('recovering\n');
    const stopped = await datum({ in: { 'a.txt': 'x' } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const aborted = await session.run(stopped.task({ cmd: ['sleep', '30'] }), { signal: controller.signal });
    expect(aborted).toMatchObject({ aborted: true, succeeded: false, recovered: false });
  });

  it('runs a task whose directories are outside the scratch directory on its own', async () => {
    const outside = await datum({ in: { 'a.txt': 'outside' } }, tmpdir());
    try {
      const result = await session.run(outside.task({ cmd: ['bash', '-c', 'cat "$PFS_ROOT/in/a.txt" > "$PFS_ROOT/out/copy.txt"'] }));
      expect(result.succeeded).toBe(true);
      expect(await outside.output('copy.txt')).toBe('outside');
    } finally {
      await outside.remove();
    }
  });

  // Only where the batch sandbox exists: the rewrite mode has no sandbox to share.
  if (policy === 'always') it('fails the datum that ends the sandbox, and gives the next one a new sandbox', async () => {
    const killer = await datum({ in: { 'a.txt': 'x' } });
    const ended = await session.run(killer.task({ cmd: ['bash', '-c', 'echo before; kill -9 $PPID; sleep 5'] }));
    expect(ended).toMatchObject({ succeeded: false, exitCode: null });
    expect(ended.logs.map((l) => l.line).join('\n')).toContain('the sandbox ended unexpectedly');
    const next = await datum({ in: { 'a.txt': 'x' } });
    expect(await session.run(next.task({ cmd: ['bash', '-c', 'cat /pfs/in/a.txt > /pfs/out/b.txt'] }))).toMatchObject({ succeeded: true });
    expect(await next.output('b.txt')).toBe('x');
  });


  if (policy === 'always') it('runs the datums of a session in one sandbox, whose /pfs inputs are read-only', async () => {
    const ns = 'readlink /proc/self/ns/pid; touch /pfs/in/new 2>/dev/null && echo writable || echo read-only';
    const results: DatumRunResult[] = [];
    for (let i = 0; i < 2; i++) results.push(await session.run((await datum({ in: { 'a.txt': 'x' } })).task({ cmd: ['bash', '-c', ns] })));
    const alone = await runner.run((await datum({ in: { 'a.txt': 'x' } })).task({ cmd: ['bash', '-c', ns] }));
    const [first, second] = results.map(stdout);
    expect(first![0]).toBe(second![0]);
    expect(stdout(alone)[0]).not.toBe(first![0]);
    expect([first![1], second![1], stdout(alone)[1]]).toEqual(['read-only', 'read-only', 'read-only']);
  });
});
