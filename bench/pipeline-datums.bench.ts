/**
 * Datum overhead and incremental processing, side by side with GNU make -j2 running the same
 * Python script over the same files (the seed talk's local prototype):
 * 1,000 datums of one file in, one file out; then one input changed; then a chain of five
 * pipelines with one file added. Sizes: BENCH_DATUMS (default 1000), BENCH_CHAIN (5).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { loadStackEnv, projectRoot } from '../test/support/stack-env.js';
import { startBenchApi, startBenchWorkers, type BenchApi } from './support/bench-api.js';
import { timed } from './support/processes.js';
import { report, type Row } from './support/report.js';

loadStackEnv();
const DATUMS = Number(process.env.BENCH_DATUMS ?? 1000);
const CHAIN = Number(process.env.BENCH_CHAIN ?? 5);
const id = randomUUID().slice(0, 8);
const stemma = join(projectRoot, 'bin/stemma');
const run = promisify(execFile);
const rows: Row[] = [];

const SCRIPT = `import os, sys
root = os.environ.get('PFS_ROOT', '/pfs')
src, dst = (sys.argv[1], sys.argv[2]) if len(sys.argv) > 2 else (None, None)
if src is None:
    for folder, _, names in os.walk(os.path.join(root, 'in')):
        for name in names:
            with open(os.path.join(folder, name)) as f, open(os.path.join(root, 'out', name), 'w') as g:
                g.write(f.read().upper())
else:
    with open(src) as f, open(dst, 'w') as g:
        g.write(f.read().upper())
`;

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'stemma-pipes-'));
  const env = { STEMMA_QUEUE_PREFIX: `bench${id}`, STEMMA_WORKER_CONCURRENCY: '2' };
  const api = await startBenchApi(7172, env);
  const workers = startBenchWorkers(env);
  try {
    const script = join(work, 'upper.py');
    await writeFile(script, SCRIPT);
    const input = join(work, 'in');
    await mkdir(input);
    for (let i = 0; i < DATUMS; i++) await writeFile(join(input, `f${String(i).padStart(5, '0')}.txt`), `line ${i}\n`);
    const make = await makeBaseline(work, script);
    const cli = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token };
    const repo = `bin-${id}`;
    await timed(stemma, ['create', 'repo', repo], cli);
    await timed(stemma, ['put', 'file', `${repo}@master:/in`, '-f', input, '-r'], cli);
    const spec = (name: string, from: string, glob: string) =>
      JSON.stringify({ pipeline: { name }, input: { pfs: { repo: from, glob, name: 'in' } }, transform: { cmd: ['python3', script] } });
    const full = await createAndWait(api, spec(`up-${id}`, repo, '/in/*'));
    rows.push({ metric: `${DATUMS} datums, full run`, stemma: full.ms / 1000, baseline: make.fullMs / 1000, unit: 's', note: `stemma/make = ${(full.ms / make.fullMs).toFixed(2)}x, ${full.processed} processed` });

    await writeFile(join(input, 'f00007.txt'), 'changed\n');
    const t0 = Date.now();
    await timed(stemma, ['put', 'file', `${repo}@master:/in/f00007.txt`, '-f', join(input, 'f00007.txt')], cli);
    const inc = await waitNextJob(api, `up-${id}`, full.jobId, t0);
    rows.push({ metric: 'one input changed', stemma: inc.ms / 1000, baseline: make.oneMs / 1000, unit: 's', note: `${inc.processed} processed, ${inc.skipped} skipped; stemma/make = ${(inc.ms / make.oneMs).toFixed(2)}x` });

    // The chain reads a small repo of its own: what is measured is the hop from one
    // pipeline to the next, not 5 x DATUMS datums.
    const source = `chainsrc-${id}`;
    await timed(stemma, ['create', 'repo', source], cli);
    const few = join(work, 'few');
    await mkdir(few);
    for (let i = 0; i < 10; i++) await writeFile(join(few, `g${i}.txt`), `seed ${i}\n`);
    await timed(stemma, ['put', 'file', `${source}@master:/in`, '-f', few, '-r'], cli);
    let upstream = source;
    let last = '';
    for (let i = 1; i <= CHAIN; i++) {
      last = `chain${i}-${id}`;
      await createAndWait(api, spec(last, upstream, i === 1 ? '/in/*' : '/*'));
      upstream = last;
    }
    const before = await lastJob(api, last);
    const t1 = Date.now();
    await writeFile(join(work, 'new.txt'), 'new file\n');
    await timed(stemma, ['put', 'file', `${source}@master:/in/new-file.txt`, '-f', join(work, 'new.txt')], cli);
    const end = await waitNextJob(api, last, before, t1);
    rows.push({ metric: `chain of ${CHAIN} pipelines, one file added`, stemma: end.ms / 1000, unit: 's', note: 'commit to last output' });
  } finally {
    await workers.stop();
    await api.stop();
    await rm(work, { recursive: true, force: true });
  }
  report('pipeline-datums', rows, { datums: DATUMS, chain: CHAIN, workerConcurrency: 2 });
}

async function makeBaseline(work: string, script: string): Promise<{ fullMs: number; oneMs: number }> {
  const dir = join(work, 'make');
  await mkdir(join(dir, 'out'), { recursive: true });
  await writeFile(
    join(dir, 'Makefile'),
    `IN := $(wildcard ../in/*.txt)\nOUT := $(patsubst ../in/%,out/%,$(IN))\nall: $(OUT)\nout/%.txt: ../in/%.txt\n\tpython3 ${script} $< $@\n`,
  );
  let t = performance.now();
  await run('make', ['-s', '-j2'], { cwd: dir, maxBuffer: 1 << 26 });
  const fullMs = performance.now() - t;
  await sleep(1100);
  await writeFile(join(work, 'in', 'f00003.txt'), 'touched\n');
  t = performance.now();
  await run('make', ['-s', '-j2'], { cwd: dir });
  return { fullMs, oneMs: performance.now() - t };
}

interface JobView {
  id: string;
  state: string;
  createdAt: string;
  finishedAt: string | null;
  progress: { total: number; processed: number; skipped: number; failed: number };
}
const JOB_FIELDS = 'jobId state createdAt finishedAt progress { total processed skipped failed }';

async function gql<T>(api: BenchApi, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${api.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${api.token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function createAndWait(api: BenchApi, spec: string): Promise<{ ms: number; jobId: string; processed: number }> {
  const t0 = Date.now();
  const data = await gql<{ createPipeline: { job: { jobId: string } | null } }>(api, 'mutation($s: String!) { createPipeline(spec: $s) { job { jobId } } }', { s: spec });
  const jobId = data.createPipeline.job?.jobId;
  if (!jobId) throw new Error('createPipeline started no job');
  const job = await waitJob(api, jobId);
  return { ms: Date.now() - t0, jobId, processed: job.progress.processed };
}

async function lastJob(api: BenchApi, pipeline: string): Promise<string> {
  const data = await gql<{ jobs: { edges: { node: { jobId: string } }[] } }>(api, 'query($p: String!) { jobs(pipeline: $p, first: 1) { edges { node { jobId } } } }', { p: pipeline });
  return data.jobs.edges[0]?.node.jobId ?? '';
}

async function waitNextJob(api: BenchApi, pipeline: string, previous: string, since: number): Promise<{ ms: number; processed: number; skipped: number }> {
  for (;;) {
    const jobId = await lastJob(api, pipeline);
    if (jobId && jobId !== previous) {
      const job = await waitJob(api, jobId);
      return { ms: Date.parse(job.finishedAt ?? '') - since, processed: job.progress.processed, skipped: job.progress.skipped };
    }
    if (Date.now() - since > 600_000) throw new Error(`no new job of ${pipeline} within 10 min`);
    await sleep(100);
  }
}

async function waitJob(api: BenchApi, jobId: string): Promise<JobView & { finishedAt: string }> {
  for (;;) {
    const { job } = await gql<{ job: JobView }>(api, `query($id: String!) { job(id: $id) { ${JOB_FIELDS} } }`, { id: jobId });
    if (['SUCCESS', 'FAILURE', 'KILLED', 'UNRUNNABLE'].includes(job.state)) {
      if (job.state !== 'SUCCESS') throw new Error(`job ${jobId} ended ${job.state}`);
      return job as JobView & { finishedAt: string };
    }
    await sleep(100);
  }
}

await main();
