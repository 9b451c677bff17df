/**
 * Datum overhead and incremental processing, side by side with GNU make -j2 running the same
 * Python script over the same files (the seed talk's local prototype):
 * 1,000 datums of one file in, one file out; then one input changed (BENCH_ROUNDS times,
 * the median reported); then a chain of five pipelines with one file added. The metric is
 * the job's wall time: from the request (the pipeline's creation, or the input commit being
 * finished, through the HTTP API) to the job's end as the server records it. A CLI round,
 * Node's start included, is reported apart. Sizes: BENCH_DATUMS (default 1000), BENCH_CHAIN (5).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobId, pipelineVersionId } from '../graph-schema/pipelines/pipeline-records.js';
import { loadStackEnv, projectRoot } from '../test/support/stack-env.js';
import { startBenchApi, startBenchWorkers, type BenchApi } from './support/bench-api.js';
import { createBenchClient, type BenchClient, type BenchCommit, type BenchJob } from './support/bench-client.js';
import { createMakeBaseline, median } from './support/make-baseline.js';
import { timed } from './support/processes.js';
import { report, type Row } from './support/report.js';

loadStackEnv();
const DATUMS = Number(process.env.BENCH_DATUMS ?? 1000);
const CHAIN = Number(process.env.BENCH_CHAIN ?? 5);
const id = randomUUID().slice(0, 8);
const stemma = join(projectRoot, 'bin/stemma');
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

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'stemma-pipes-'));
  const queuePrefix = `bench${id}`;
  const env = { STEMMA_QUEUE_PREFIX: queuePrefix, STEMMA_WORKER_CONCURRENCY: '2' };
  const api = await startBenchApi(7172, env);
  const workers = startBenchWorkers(env);
  const client = await createBenchClient(api, queuePrefix, process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const script = join(work, 'upper.py');
    await writeFile(script, SCRIPT);
    const input = join(work, 'in');
    await mkdir(input);
    for (let i = 0; i < DATUMS; i++) await writeFile(join(input, inputName(i)), `line ${i}\n`);
    // make and Stemma alternate, so that a change of the machine's load touches both alike:
    // make's full build before and after Stemma's (their mean is the baseline), and one
    // changed input for make, then for Stemma, round after round.
    const make = await createMakeBaseline(work, script, inputName);
    const makeBefore = await make.full();
    const repo = `bin-${id}`;
    await client.createRepo(repo);
    await client.putDirectory(repo, work, 'in');
    const spec = (name: string, from: string, glob: string) =>
      JSON.stringify({ pipeline: { name }, input: { pfs: { repo: from, glob, name: 'in' } }, transform: { cmd: ['python3', script] } });
    const pipeline = `up-${id}`;
    const full = await createAndWait(client, spec(pipeline, repo, '/in/*'));
    const makeAfter = await make.full();
    const makeFull = (makeBefore + makeAfter) / 2;
    rows.push({
      metric: `${DATUMS} datums, full run (job wall time)`,
      stemma: full.ms / 1000,
      baseline: makeFull / 1000,
      unit: 's',
      note: `stemma/make = ${(full.ms / makeFull).toFixed(2)}x, ${full.processed} processed; make ${(makeBefore / 1000).toFixed(1)} s before, ${(makeAfter / 1000).toFixed(1)} s after`,
    });

    // One input changed, put through the HTTP API: from the input commit finished to the job's end.
    const incremental: (JobPhases & { processed: number; skipped: number })[] = [];
    const makeOnes: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      makeOnes.push(await make.one(r));
      const commit = await client.putFile(repo, `/in/${inputName(7 + r)}`, `changed ${r}\n`);
      const job = await client.waitJob(jobId(pipelineVersionId(`default/${pipeline}`, 1), commit.commitSet));
      incremental.push({ ...(await phasesOf(client, job, commit)), processed: job.progress.processed, skipped: job.progress.skipped });
    }
    const inc = median(incremental.map((x) => x.ms));
    const makeOne = median(makeOnes);
    const last = incremental[incremental.length - 1]!;
    const phase = (name: keyof JobPhases) => Math.round(median(incremental.map((x) => x[name])));
    rows.push({
      metric: `one input changed (job wall time, median of ${ROUNDS})`,
      stemma: inc / 1000,
      baseline: makeOne / 1000,
      unit: 's',
      note:
        `${last.processed} processed, ${last.skipped} skipped; stemma/make = ${(inc / makeOne).toFixed(2)}x; stemma ${incremental.map((x) => x.ms).join(', ')} ms, make ${makeOnes.map((x) => Math.round(x)).join(', ')} ms; ` +
        `median phases: trigger ${phase('trigger')}, plan ${phase('plan')}, to the command ${phase('start')}, command ${phase('command')}, after it ${phase('rest')} ms`,
    });

    // The same through the CLI, as a user types it: Node's start and the upload are included.
    rows.push(await cliRound(client, api, repo, pipeline, input).catch((err: unknown) => ({ metric: 'one input changed, CLI end to end (extra)', stemma: 'n/a', unit: 's', note: `the CLI failed: ${(err as Error).message.slice(0, 120)}` })));

    // The chain reads a small repo of its own: what is measured is the hop from one
    // pipeline to the next, not 5 x DATUMS datums.
    const source = `chainsrc-${id}`;
    await client.createRepo(source);
    const few = join(work, 'few');
    await mkdir(join(few, 'in'), { recursive: true });
    for (let i = 0; i < 10; i++) await writeFile(join(few, 'in', `g${i}.txt`), `seed ${i}\n`);
    await client.putDirectory(source, few, 'in');
    let upstream = source;
    const chain: string[] = [];
    for (let i = 1; i <= CHAIN; i++) {
      chain.push(`chain${i}-${id}`);
      await createAndWait(client, spec(chain[i - 1]!, upstream, i === 1 ? '/in/*' : '/*'));
      upstream = chain[i - 1]!;
    }
    const added = await client.putFile(source, '/in/new-file.txt', 'new file\n');
    const end = await client.waitJob(jobId(pipelineVersionId(`default/${chain[chain.length - 1]}`, 1), added.commitSet));
    rows.push({ metric: `chain of ${CHAIN} pipelines, one file added`, stemma: (Date.parse(end.finishedAt) - Date.parse(added.finishedAt ?? added.createdAt)) / 1000, unit: 's', note: 'input commit finished to last job ended' });
  } finally {
    await client.close();
    await workers.stop();
    await api.stop();
    await rm(work, { recursive: true, force: true });
  }
  report('pipeline-datums', rows, { datums: DATUMS, chain: CHAIN, rounds: ROUNDS, workerConcurrency: 2 });
}

/** Where an incremental job's wall time went, from the job's and its datum's own times. */
interface JobPhases {
  ms: number;
  /** Commit finished to job created. */
  trigger: number;
  /** Job created to running (planned). */
  plan: number;
  /** Running to the datum's command starting: the batch's queue hop, its sandbox and inputs. */
  start: number;
  /** The datum's command (sandbox and Python included). */
  command: number;
  /** The command's end to the job's: outputs, recording, the finish's queue hop, the output commit. */
  rest: number;
}

async function phasesOf(client: BenchClient, job: BenchJob & { finishedAt: string }, commit: BenchCommit): Promise<JobPhases> {
  const at = (iso: string | null | undefined) => Date.parse(iso ?? '');
  const data = await client.gql<{ datums: { edges: { node: { durationMs: number; logs: { startedAt: string }[] } }[] } }>(
    'query($j: String!) { datums(jobId: $j, state: [SUCCESS], first: 10) { edges { node { durationMs logs { startedAt } } } } }',
    { j: job.jobId },
  );
  const ran = data.datums.edges.map((e) => e.node);
  const command = ran.reduce((sum, d) => sum + d.durationMs, 0);
  const firstStart = Math.min(...ran.map((d) => at(d.logs[d.logs.length - 1]?.startedAt)));
  const ms = at(job.finishedAt) - at(commit.finishedAt ?? commit.createdAt);
  const trigger = at(job.createdAt) - at(commit.finishedAt ?? commit.createdAt);
  const plan = at(job.startedAt) - at(job.createdAt);
  const start = firstStart - at(job.startedAt);
  return { ms, trigger, plan, start, command, rest: ms - trigger - plan - start - command };
}

/** One input changed through `stemma put file`: from the command's start to the job's end. */
async function cliRound(client: BenchClient, api: BenchApi, repo: string, pipeline: string, input: string): Promise<Row> {
  const cli = { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token };
  await writeFile(join(input, inputName(20)), 'changed by the CLI\n');
  const t0 = Date.now();
  const put = await timed(stemma, ['--json', 'put', 'file', `${repo}@master:/in/${inputName(20)}`, '-f', join(input, inputName(20))], cli);
  const commit = (JSON.parse(put.stdout) as { commit: { commitSet: string } }).commit;
  const job = await client.waitJob(jobId(pipelineVersionId(`default/${pipeline}`, 1), commit.commitSet));
  return { metric: 'one input changed, CLI end to end (extra)', stemma: (Date.parse(job.finishedAt) - t0) / 1000, unit: 's', note: 'node start of `stemma put file` + upload + job' };
}

const inputName = (i: number) => `f${String(i).padStart(5, '0')}.txt`;


/** Creates the pipeline; its first job's wall time runs from the request to the job's end. */
async function createAndWait(client: BenchClient, spec: string): Promise<{ ms: number; jobId: string; processed: number }> {
  const t0 = Date.now();
  const data = await client.gql<{ createPipeline: { job: { jobId: string } | null } }>('mutation($s: String!) { createPipeline(spec: $s) { job { jobId } } }', { s: spec });
  const created = data.createPipeline.job?.jobId;
  if (!created) throw new Error('createPipeline started no job');
  const job = await client.waitJob(created);
  return { ms: Date.parse(job.finishedAt) - t0, jobId: created, processed: job.progress.processed };
}

await main();
