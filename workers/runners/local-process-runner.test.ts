import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FailedPreconditionError, InvalidArgumentError } from '../../core/errors.js';
import { loadConfig } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import { createLocalProcessRunner, type BubblewrapPolicy } from './local-process-runner.js';
import type { DatumRunResult } from './runner.js';
import { createDatumDirs, type DatumDirs } from './test-datum-dirs.js';

// Processes start slowly on a loaded host; the assertions on timing have their own bounds.
vi.setConfig({ testTimeout: 15_000 });

const hostEnv = loadConfig(['runner']).runner.hostEnv;
const newRunner = (bubblewrap: BubblewrapPolicy, extra: { killGraceMs?: number; maxLogLines?: number } = {}) =>
  createLocalProcessRunner({ bubblewrap, logger: silentLogger, hostEnv, ...extra });

/** Rewrite mode always; the sandbox too where bubblewrap works on this host. */
const autoMode = await newRunner('auto').pfsMode();
const policies: BubblewrapPolicy[] = autoMode === 'bubblewrap' ? ['never', 'always'] : ['never'];

const created: DatumDirs[] = [];
async function datum(inputs: Record<string, Record<string, string>> = { in: { 'x.txt': 'hello\n' } }): Promise<DatumDirs> {
  const dirs = await createDatumDirs(inputs);
  created.push(dirs);
  return dirs;
}
afterEach(async () => {
  await Promise.all(created.splice(0).map((d) => d.remove()));
});

const stdout = (result: DatumRunResult) => result.logs.filter((l) => l.stream === 'stdout').map((l) => l.line);

describe.each(policies)('LocalProcessRunner, bubblewrap %s', (policy) => {
  const runner = newRunner(policy);

  it('runs a Python script that reads /pfs/in and writes /pfs/out', async () => {
    const d = await datum({ in: { 'x.txt': 'hello\n', 'sub/z.txt': 'deep\n' } });
    const script = await d.code(
      'upper.py',
      [
        'import os, sys',
        "pfs = os.environ.get('PFS_ROOT', '/pfs')",
        "text = open(os.path.join(pfs, 'in', 'x.txt')).read()",
        "deep = open(sys.argv[1]).read()",
        "open(sys.argv[2], 'w').write(text.upper() + deep)",
        "print('wrote y.txt')",
      ].join('\n'),
    );
    const result = await runner.run(d.task({ cmd: ['python3', script, '/pfs/in/sub/z.txt', '/pfs/out/y.txt'] }));
    expect(result).toMatchObject({ succeeded: true, exitCode: 0, timedOut: false, recovered: false });
    expect(await d.output('y.txt')).toBe('HELLO\ndeep\n');
    expect(stdout(result)).toEqual(['wrote y.txt']);
  });

  it('writes stdin lines to the command, as with cmd [bash] and a stdin script', async () => {
    const d = await datum();
    const py = `python3 -c "open('/pfs/out/y.txt', 'w').write(open('/pfs/in/x.txt').read() * 2)"`;
    const result = await runner.run(d.task({ cmd: ['bash'], stdin: ['set -e', py, 'echo done'] }));
    expect(result.succeeded).toBe(true);
    expect(await d.output('y.txt')).toBe('hello\nhello\n');
    expect(stdout(result)).toEqual(['done']);
  });

  it('sets the task env over a minimal env, with Stemma variables, in workingDir', async () => {
    const d = await datum();
    const result = await runner.run(
      d.task({
        cmd: ['bash', '-c', 'echo "$GREETING|$STEMMA_JOB_ID|$STEMMA_DATUM_ID|$PACH_JOB_ID"; pwd; ls; echo "$PFS_ROOT"; env | grep -c "^VITEST=" || true'],
        env: { GREETING: 'hi there' },
        workingDir: '/pfs/in',
      }),
    );
    const task = d.task({ cmd: ['true'] });
    const [vars, cwd, listing, pfsRoot, leaked] = stdout(result);
    expect(vars).toBe(`hi there|${task.jobId}|${task.datumId}|${task.jobId}`);
    expect(listing).toBe('x.txt');
    expect(pfsRoot).toBe(policy === 'never' ? `${task.workDir}/pfs` : '/pfs');
    expect(cwd).toBe(policy === 'never' ? `${task.workDir}/pfs/in` : '/pfs/in');
    expect(leaked).toBe('0');
  });

  it('reports a non-zero exit as a failure, with the logs of both streams', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['bash', '-c', 'echo working; echo "boom: bad row" >&2; exit 3'] }));
    expect(result).toMatchObject({ succeeded: false, exitCode: 3, signal: null, recovered: false, droppedLogLines: 0 });
    expect(result.logs.map(({ stream, line }) => ({ stream, line }))).toEqual([
      { stream: 'stdout', line: 'working' },
      { stream: 'stderr', line: 'boom: bad row' },
    ]);
    expect(Date.parse(result.logs[0]!.at)).not.toBeNaN();
  });

  it('counts an exit code in acceptReturnCode as success', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['bash', '-c', 'exit 3'], acceptReturnCode: [1, 3] }));
    expect(result).toMatchObject({ succeeded: true, exitCode: 3 });
  });

  it('recovers a failed datum when errCmd exits 0, and not otherwise', async () => {
    const d = await datum();
    const failing = { cmd: ['bash', '-c', 'exit 2'] };
    const recovered = await runner.run(d.task({ ...failing, errCmd: ['bash'], errStdin: ['echo recovering > /pfs/out/err.txt'] }));
    expect(recovered).toMatchObject({ succeeded: false, exitCode: 2, recovered: true });
    expect(await d.output('err.txt')).toBe('recovering\n');
    const stillFailed = await runner.run(d.task({ ...failing, errCmd: ['bash', '-c', 'exit 1'] }));
    expect(stillFailed).toMatchObject({ succeeded: false, recovered: false });
  });

  it('does not run errCmd when the command succeeds', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['true'], errCmd: ['bash', '-c', 'touch /pfs/out/err-ran'] }));
    expect(result).toMatchObject({ succeeded: true, recovered: false });
    await expect(d.output('err-ran')).rejects.toThrow(/ENOENT/);
  });

  it('kills the process group at timeoutMs and leaves nothing running', async () => {
    const d = await datum();
    const started = Date.now();
    const ticker = 'sleep 30 & while true; do date +%s%N > /pfs/out/tick; sleep 0.05; done';
    const result = await runner.run(d.task({ cmd: ['bash', '-c', ticker] }, { timeoutMs: 400 }));
    expect(result).toMatchObject({ timedOut: true, succeeded: false, aborted: false });
    expect(Date.now() - started).toBeLessThan(1_400);
    const tick = await d.output('tick');
    await new Promise((r) => setTimeout(r, 250));
    expect(await d.output('tick')).toBe(tick);
  });

  it('escalates to SIGKILL when the command ignores SIGTERM', async () => {
    const d = await datum();
    const stubborn = newRunner(policy, { killGraceMs: 300 });
    const started = Date.now();
    const result = await stubborn.run(d.task({ cmd: ['bash', '-c', 'trap "" TERM; sleep 30 & wait; sleep 30'] }, { timeoutMs: 200 }));
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops the attempt when the caller aborts', async () => {
    const d = await datum();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const result = await runner.run(d.task({ cmd: ['sleep', '30'] }), { signal: controller.signal });
    expect(result).toMatchObject({ aborted: true, timedOut: false, succeeded: false });
    expect(result.durationMs).toBeLessThan(1_200);
  });

  it('streams every line to onLog and keeps the last lines only', async () => {
    const d = await datum();
    const seen: string[] = [];
    const result = await runner.run(d.task({ cmd: ['python3', '-c', 'for i in range(10000): print(i)'] }), {
      onLog: (line) => seen.push(line.line),
    });
    expect(seen).toHaveLength(10_000);
    expect(seen[9_999]).toBe('9999');
    expect(result.logs).toHaveLength(2_000);
    expect(result.droppedLogLines).toBe(8_000);
    expect(result.logs[0]!.line).toBe('8000');
    expect(result.logs.at(-1)!.line).toBe('9999');
  });
});

/** Alive and not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

describe('LocalProcessRunner, rewrite mode', () => {
  const runner = newRunner('never');

  it('leaves no orphan of a timed-out command', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['bash', '-c', 'sleep 30 & echo $!; wait'] }, { timeoutMs: 300 }));
    const pid = Number(stdout(result)[0]);
    expect(pid).toBeGreaterThan(1);
    expect(result.timedOut).toBe(true);
    await expect.poll(() => isRunning(pid), { timeout: 500 }).toBe(false);
  });

  it('kills what the command left running in the background when it exits', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['bash', '-c', 'sleep 30 & echo $!'] }));
    expect(result.succeeded).toBe(true);
    await expect.poll(() => isRunning(Number(stdout(result)[0])), { timeout: 500 }).toBe(false);
  });

  it('links /pfs/<input> and /pfs/out under the attempt\'s workDir', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['bash', '-c', 'readlink "$PFS_ROOT/in" "$STEMMA_PFS/out"'] }));
    const task = d.task({ cmd: ['true'] });
    expect(stdout(result)).toEqual([task.inputs[0]!.dir, task.outputDir]);
  });

  it('fails with exit 127 when the program does not exist', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['no-such-program-stemma'] }));
    expect(result).toMatchObject({ succeeded: false, exitCode: 127 });
    expect(result.logs.at(-1)?.line).toMatch(/cannot run "no-such-program-stemma"/);
  });

  it('fails when workingDir does not exist', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['true'], workingDir: '/pfs/in/missing' }));
    expect(result).toMatchObject({ succeeded: false, exitCode: 1 });
    expect(result.logs[0]?.line).toMatch(/working directory .*pfs\/in\/missing.* does not exist/);
  });
});

describe('LocalProcessRunner, choosing the /pfs scheme', () => {
  it('rejects every run under "always" when bubblewrap does not work', async () => {
    const d = await datum();
    const runner = createLocalProcessRunner({ bubblewrap: 'always', bubblewrapPath: '/nonexistent/bwrap', logger: silentLogger, hostEnv });
    await expect(runner.run(d.task({ cmd: ['true'] }))).rejects.toBeInstanceOf(FailedPreconditionError);
  });

  it('falls back to the rewrite under "auto" when bubblewrap does not work', async () => {
    const runner = createLocalProcessRunner({ bubblewrap: 'auto', bubblewrapPath: '/nonexistent/bwrap', logger: silentLogger, hostEnv });
    expect(await runner.pfsMode()).toBe('rewrite');
  });

  it('rejects a task that can never run', async () => {
    const d = await datum();
    const runner = newRunner('never');
    await expect(runner.run(d.task({ cmd: [] }))).rejects.toThrow(/transform.cmd: must not be empty/);
    const clash = d.task({ cmd: ['true'] });
    clash.inputs.push({ name: 'out', dir: clash.outputDir });
    await expect(runner.run(clash)).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe.runIf(autoMode === 'bubblewrap')('LocalProcessRunner, bubblewrap sandbox', () => {
  const runner = newRunner('always');

  it('mounts /pfs in the sandbox only, never on the host', async () => {
    const hadPfs = existsSync('/pfs');
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['ls', '/pfs'] }));
    expect(stdout(result)).toEqual(['in', 'out']);
    expect(existsSync('/pfs')).toBe(hadPfs);
  });

  it('shows the host read-only outside /tmp, the scratch dir and /pfs/out', async () => {
    const d = await datum();
    const result = await runner.run(d.task({ cmd: ['bash', '-c', 'touch /usr/stemma-write-test && echo wrote; touch /pfs/in/new'] }));
    expect(result.succeeded).toBe(false);
    expect(result.logs.filter((l) => l.stream === 'stderr').map((l) => l.line).join('\n')).toMatch(/Read-only file system/);
    expect(existsSync('/usr/stemma-write-test')).toBe(false);
  });
});
