/**
 * The `stemma` pipeline verbs end to end: the real CLI (bin/stemma, from source) as a child
 * process, against a real API server with pipeline workers in this process, over the local
 * stack. The tests work in their own project, queues and work directory.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { pipelineEnv, type PipelineEnv } from '../test/support/pipeline-env.js';
import { projectRoot } from '../test/support/stack-env.js';
import type { DatumView, JobView, PipelineView } from './pipeline-views.js';

/** Each CLI run starts a process (about a second from source). */
const TIMEOUT = 240_000;

interface Run {
  code: number;
  out: string;
  err: string;
}

let env: PipelineEnv;
let api: PfsApiHarness;
let work: string;

beforeAll(async () => {
  env = await pipelineEnv();
  api = await startPfsApi({ runtime: env.runtime, pipelines: env.engine.service });
  work = await mkdtemp(join(tmpdir(), 'stemma-pipeline-cli-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  await api?.close();
  await env?.close();
});

/** Runs `bin/stemma` with the test server's URL and token; stdio is not a terminal. */
function stemma(args: string[]): Promise<Run> {
  const childEnv = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token, STEMMA_FROM_SOURCE: '1' };
  const child = spawn(join(projectRoot, 'bin/stemma'), args, { cwd: work, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}

async function ok(args: string[]): Promise<Run> {
  const run = await stemma(args);
  expect(run.code, `stemma ${args.join(' ')}\n${run.err}`).toBe(0);
  return run;
}

async function json<T>(args: string[]): Promise<T> {
  return JSON.parse((await ok(['--json', ...args])).out) as T;
}

async function specFile(name: string, spec: unknown): Promise<string> {
  const path = join(work, name);
  await writeFile(path, name.endsWith('.json') ? JSON.stringify(spec) : toYaml(spec));
  return path;
}

const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];
const upperCase = python(
  'import os',
  "root = os.environ.get('PFS_ROOT', '/pfs')",
  "for name in sorted(os.listdir(root + '/words')):",
  "    print('upper', name)",
  "    open(root + '/out/' + name, 'w').write(open(root + '/words/' + name).read().upper())",
);

describe('stemma pipeline verbs', () => {
  it(
    'dry-runs, creates and waits, then lists jobs and datums, shows logs, updates and deletes',
    async () => {
      await env.createRepo('words', { '/a.txt': 'hello', '/b.txt': 'world' });
      const pipeline = `${env.project}/upper`;
      const spec = { pipeline: { name: 'upper', project: env.project }, input: { pfs: { repo: 'words', glob: '/*' } }, transform: { cmd: upperCase }, flavour: 'x' };
      const yaml = await specFile('upper.yaml', spec);

      const dry = await json<{ datumKey: string; inputs: { root: string }[] }[]>(['list', 'datum', '-f', yaml]);
      expect(dry.map((d) => d.inputs[0]?.root)).toEqual(['/a.txt', '/b.txt']);

      const created = await ok(['create', 'pipeline', '-f', yaml, '--wait']);
      expect(created.err).toMatch(/^warning: .*flavour/m);
      expect(created.out).toContain(`created pipeline ${pipeline} (version 1)`);
      // Not a terminal: progress comes as plain lines, the last one the end.
      expect(created.err).toMatch(/job [0-9a-f]{12} \(.*upper\): success, 2\/2 datums/);
      expect(created.out).toMatch(/job [0-9a-f]{32} success: 2 processed, 0 skipped, 0 failed of 2 datums; output commit [0-9a-f]{32}/);
      expect(await env.readAll('upper')).toEqual({ '/a.txt': 'HELLO', '/b.txt': 'WORLD' });

      const jobs = await json<JobView[]>(['list', 'job', '-p', pipeline]);
      expect(jobs).toHaveLength(1);
      const job = jobs[0]!;
      expect(job).toMatchObject({ pipeline, state: 'success', progress: { total: 2, processed: 2, skipped: 0, failed: 0, recovered: 0 }, error: null });
      const table = await ok(['list', 'job', '--project', env.project]);
      expect(table.out.split('\n')[0]).toMatch(/^ID\s+PIPELINE\s+STARTED\s+DURATION\s+PROGRESS\s+STATE$/);
      expect(table.out).toContain(`${job.id}  ${pipeline}`);

      const datums = await json<DatumView[]>(['list', 'datum', job.id]);
      expect(datums.map((d) => d.state)).toEqual(['success', 'success']);
      expect(datums.map((d) => d.datumKey).sort()).toEqual(dry.map((d) => d.datumKey).sort());
      const inspected = await json<{ inputs: { path: string }[]; outputs: { repo: string; path: string }[] }>(['inspect', 'datum', job.id, datums[0]!.datumKey]);
      expect(inspected.outputs).toEqual([{ repo: `${env.project}/upper`, path: inspected.inputs[0]!.path, hash: expect.any(String), size: 5 }]);

      const jobLogs = await ok(['logs', '--job', job.id]);
      expect(jobLogs.out.trim().split('\n').map((l) => l.replace(/^[0-9a-f]{12} /, '')).sort()).toEqual(['upper a.txt', 'upper b.txt']);
      const datumLogs = await json<{ line: string; stream: string; attempt: number }[]>(['logs', '--datum', `${job.id}:${datums[0]!.datumKey}`]);
      expect(datumLogs).toEqual([{ jobId: job.id, datumKey: datums[0]!.datumKey, attempt: 1, stream: 'stdout', line: `upper ${inspected.inputs[0]!.path.slice(1)}`, at: expect.any(String) }]);
      const pipelineLogs = await ok(['logs', '--pipeline', pipeline]);
      expect(pipelineLogs.out).toBe(jobLogs.out);

      const waited = await ok(['wait', 'job', job.id]);
      expect(waited.out).toContain(`job ${job.id} success`);

      const listed = await json<PipelineView[]>(['list', 'pipeline', '--project', env.project]);
      expect(listed).toMatchObject([{ name: 'upper', version: 1, inputRepos: [`${env.project}/words`], lastJob: { id: job.id, state: 'success' } }]);

      const updated = await json<{ created: boolean; job: JobView }>(['update', 'pipeline', '-f', yaml, '--reprocess', '--wait']);
      expect(updated).toMatchObject({ created: true, job: { state: 'success', progress: { total: 2, processed: 2, skipped: 0 } } });
      const shown = await json<PipelineView & { versions: { version: number }[] }>(['inspect', 'pipeline', pipeline]);
      expect(shown.versions.map((v) => v.version)).toEqual([2, 1]);

      const deleted = await ok(['delete', 'pipeline', pipeline]);
      expect(deleted.out).toBe(`deleted pipeline ${pipeline}; deleted repo ${pipeline}\n`);
      const gone = await stemma(['inspect', 'pipeline', pipeline]);
      expect(gone.code).toBe(1);
      expect(gone.err).toContain(`pipeline ${pipeline} does not exist`);
    },
    TIMEOUT,
  );

  it(
    'exits non-zero when a waited job fails, naming the job and its error; refuses a bad spec naming the field',
    async () => {
      await env.createRepo('numbers', { '/1': 'one' });
      const failing = python('import sys', "print('cannot parse', file=sys.stderr)", 'sys.exit(2)');
      const spec = { pipeline: { name: 'fails', project: env.project }, input: { pfs: { repo: 'numbers', glob: '/*' } }, transform: { cmd: failing }, datumTries: 1 };
      const failed = await stemma(['create', 'pipeline', '-f', await specFile('fails.json', spec), '--wait']);
      expect(failed.code).toBe(1);
      expect(failed.err).toMatch(new RegExp(`stemma: job [0-9a-f]{32} of pipeline ${env.project}/fails ended failure: .+`));
      const [job] = await json<JobView[]>(['list', 'job', '-p', `${env.project}/fails`, '--state', 'failure']);
      expect(job).toMatchObject({ state: 'failure', progress: { failed: 1 } });
      const again = await stemma(['wait', 'job', job!.id]);
      expect(again.code).toBe(1);
      expect(again.err).toContain(`job ${job!.id} of pipeline ${env.project}/fails ended failure`);
      const logs = await ok(['logs', '--job', job!.id]);
      expect(logs.out).toMatch(/cannot parse/);

      const bad = { ...spec, pipeline: { name: 'bad', project: env.project }, input: { pfs: { repo: 'numbers', glob: '' } } };
      const refused = await stemma(['create', 'pipeline', '-f', await specFile('bad.yaml', bad)]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('input.pfs.glob');
      const missing = await stemma(['create', 'pipeline', '-f', join(work, 'nope.yaml')]);
      expect(missing.code).toBe(1);
      expect(missing.err).toContain('nope.yaml does not exist');
    },
    TIMEOUT,
  );
});
