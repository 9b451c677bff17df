/**
 * Erasing one data subject against the size of the data set, beside a full recompute.
 * For each size (default 10,000 and 100,000 records): a CSV of one record per subject is
 * split per record on ingest; a pipeline with one datum per record runs a shell one-liner
 * (`tr a-z A-Z`), and its first job, from scratch over every record, is the full recompute;
 * the footprint query is sampled over random subjects; then the subject of the middle record
 * is erased through the API (request, plan, approval by a second compliance token, execution
 * until verified) and its time and datums are set beside the full recompute's.
 *
 *   npm run bench -- erasure [--records=10000,100000] [--samples=100] [--keep] [--timeout-min=360]
 *
 * `--records` takes one size or several (comma-separated or repeated); `BENCH_RECORDS` too.
 * `--keep` leaves the repos and pipelines in place; otherwise they are deleted.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStackEnv, projectRoot } from '../test/support/stack-env.js';
import { startBenchApi, startBenchWorkers } from './support/bench-api.js';
import { createBenchGraphql, jobMs, waitBenchJob, type BenchGraphql } from './support/bench-graphql.js';
import { eraseSubject, type ErasureMeasure } from './support/erasure-run.js';
import { PER_RECORD_TRANSFORM, perRecordPipelineSpec, subjectOf, writeSubjectRecords } from './support/erasure-workload.js';
import { timed } from './support/processes.js';
import { percentile, report, type Row } from './support/report.js';

loadStackEnv();
const { values: args } = parseArgs({
  options: {
    records: { type: 'string', multiple: true },
    samples: { type: 'string', default: '100' },
    keep: { type: 'boolean', default: false },
    'timeout-min': { type: 'string', default: '360' },
  },
});
const SIZES = (args.records ?? [process.env.BENCH_RECORDS ?? '10000,100000']).flatMap((s) => s.split(',')).map(Number);
if (SIZES.some((n) => !Number.isSafeInteger(n) || n < 2)) throw new Error(`--records: give whole numbers of at least 2, e.g. --records 10000,100000 (got ${SIZES.join(', ')})`);
const SAMPLES = Number(args.samples);
const JOB_TIMEOUT_MS = Number(args['timeout-min']) * 60_000;
const PROJECT = 'default';
const stemma = join(projectRoot, 'bin/stemma');

interface SizeResult {
  records: number;
  ingestMs: number;
  full: { ms: number; processed: number; total: number };
  footprint: { p50: number; p95: number; max: number; samples: number };
  erasure: ErasureMeasure & { jobMs: number };
}

interface Session {
  admin: BenchGraphql;
  approver: BenchGraphql;
  cli: NodeJS.ProcessEnv;
  work: string;
}

async function main(): Promise<void> {
  const id = randomUUID().slice(0, 8);
  const env = { STEMMA_QUEUE_PREFIX: `bench${id}`, STEMMA_WORKER_CONCURRENCY: '2' };
  const api = await startBenchApi(7173, env);
  const workers = startBenchWorkers(env);
  const work = await mkdtemp(join(tmpdir(), 'stemma-erasure-'));
  const admin = createBenchGraphql(api.url, api.token);
  const approverToken = await mintComplianceToken(admin, `bench-erasure-approver-${id}`);
  const results: SizeResult[] = [];
  try {
    const session = { admin, approver: createBenchGraphql(api.url, approverToken.token), cli: { ...process.env, STEMMA_API_URL: api.url, STEMMA_TOKEN: api.token }, work };
    for (const n of SIZES) results.push(await measureSize(session, n));
  } finally {
    await admin('mutation($id: ID!) { revokeToken(id: $id) { id } }', { id: approverToken.id }).catch(() => undefined);
    await workers.stop();
    await api.stop();
    await rm(work, { recursive: true, force: true });
  }
  report('erasure', rowsOf(results), { records: SIZES, transform: PER_RECORD_TRANSFORM, workerConcurrency: 2, results });
}

async function mintComplianceToken(admin: BenchGraphql, name: string): Promise<{ id: string; token: string }> {
  const { createToken } = await admin<{ createToken: { token: string; apiToken: { id: string } } }>(
    'mutation($name: String!) { createToken(name: $name, bindings: [{ role: COMPLIANCE }]) { token apiToken { id } } }',
    { name },
  );
  return { id: createToken.apiToken.id, token: createToken.token };
}

async function measureSize(s: Session, n: number): Promise<SizeResult> {
  const tag = randomUUID().slice(0, 6);
  const repo = `erase-src-${tag}`;
  const pipeline = `erase-up-${tag}`;
  const csv = join(s.work, `${tag}.csv`);
  await writeSubjectRecords(csv, n, tag);
  log(`${n} records: ingest (put file --split csv --subject-field subject_id)`);
  await timed(stemma, ['create', 'repo', `${PROJECT}/${repo}`], s.cli);
  const ingest = await timed(stemma, ['put', 'file', `${PROJECT}/${repo}@master:/records`, '-f', csv, '--split', 'csv', '--subject-field', 'subject_id'], s.cli);
  log(`${n} records: ingested in ${seconds(ingest.ms)}`);
  try {
    log(`${n} records: full recompute (the pipeline's first job, every record from scratch)`);
    const full = await runFromScratch(s.admin, perRecordPipelineSpec(PROJECT, pipeline, repo));
    log(`${n} records: full recompute, ${full.processed} datums in ${seconds(full.ms)}`);
    const footprint = await sampleFootprints(s.admin, tag, n);
    log(`${n} records: footprint over ${SAMPLES} random subjects, p50 ${footprint.p50.toFixed(1)} ms, p95 ${footprint.p95.toFixed(1)} ms`);
    const subject = subjectOf(tag, Math.floor(n / 2));
    const erasure = await eraseSubject(s.admin, s.approver, subject);
    const jobs = await Promise.all(erasure.reprocessedJobIds.map((jobId) => waitBenchJob(s.admin, jobId, JOB_TIMEOUT_MS)));
    log(`${n} records: erased ${subject} in ${seconds(erasure.executeMs)} (plan ${seconds(erasure.planMs)}), ${erasure.processed} datums processed, ${erasure.skipped} skipped`);
    return { records: n, ingestMs: ingest.ms, full, footprint, erasure: { ...erasure, jobMs: jobs.reduce((t, j) => t + jobMs(j), 0) } };
  } finally {
    if (!args.keep) await cleanUp(s.admin, pipeline, repo);
  }
}

async function runFromScratch(gql: BenchGraphql, spec: string): Promise<SizeResult['full']> {
  const t0 = performance.now();
  const { createPipeline } = await gql<{ createPipeline: { job: { jobId: string } | null } }>('mutation($s: String!) { createPipeline(spec: $s) { job { jobId } } }', { s: spec });
  if (!createPipeline.job) throw new Error('createPipeline started no job');
  const job = await waitBenchJob(gql, createPipeline.job.jobId, JOB_TIMEOUT_MS);
  return { ms: performance.now() - t0, processed: job.progress.processed, total: job.progress.total };
}

const FOOTPRINT = `query($s: String!) { subjectFootprint(subjectId: $s, limit: 20) { counts { records datums jobs derivedFiles } } }`;

async function sampleFootprints(gql: BenchGraphql, tag: string, n: number): Promise<SizeResult['footprint']> {
  const pick = (i: number) => subjectOf(tag, (i * 2_654_435_761) % n);
  for (let i = 0; i < 5; i++) await gql(FOOTPRINT, { s: pick(SAMPLES + i) });
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const { subjectFootprint } = await gql<{ subjectFootprint: { counts: { records: number; datums: number } } }>(FOOTPRINT, { s: pick(i) });
    ms.push(performance.now() - t0);
    if (subjectFootprint.counts.records !== 1 || subjectFootprint.counts.datums < 1) throw new Error(`footprint of ${pick(i)}: ${JSON.stringify(subjectFootprint.counts)}, expected 1 record and its datum`);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms), samples: SAMPLES };
}

async function cleanUp(gql: BenchGraphql, pipeline: string, repo: string): Promise<void> {
  await gql('mutation($n: String!) { deletePipeline(name: $n) { __typename } }', { n: pipeline }).catch((e: unknown) => log(`could not delete pipeline ${pipeline}: ${String(e)}`));
  await gql('mutation($n: String!) { deleteRepo(name: $n, force: true) { __typename } }', { n: repo }).catch((e: unknown) => log(`could not delete repo ${repo}: ${String(e)}`));
}

function rowsOf(results: SizeResult[]): Row[] {
  const rows: Row[] = [];
  for (const r of results) {
    const e = r.erasure;
    const k = r.records.toLocaleString('en');
    rows.push({ metric: `${k} records: split ingest`, stemma: r.ingestMs / 1000, unit: 's' });
    rows.push({ metric: `${k}: erase 1 subject vs full recompute`, stemma: e.executeMs / 1000, baseline: r.full.ms / 1000, unit: 's', note: `approval to verified; plan ${(e.planMs / 1000).toFixed(2)} s; reprocess job ${(e.jobMs / 1000).toFixed(2)} s` });
    rows.push({ metric: `${k}: datums processed`, stemma: e.processed, baseline: r.full.processed, unit: 'datums', note: `erasure: ${e.affectedDatums} affected (the plan), ${e.skipped} skipped of ${e.total}` });
    rows.push({ metric: `${k}: footprint p50 / p95`, stemma: `${r.footprint.p50.toFixed(1)} / ${r.footprint.p95.toFixed(1)}`, unit: 'ms', note: `${r.footprint.samples} subjects, max ${r.footprint.max.toFixed(1)} ms` });
    rows.push({ metric: `${k}: erasure's reprocess step`, stemma: (e.stepMs.REPROCESS ?? NaN) / 1000, unit: 's', note: stepNote(e.stepMs) });
  }
  const [small, large] = [results[0], results.at(-1)];
  if (small && large && large !== small) {
    rows.push({
      metric: `erasure time ${small.records.toLocaleString('en')} -> ${large.records.toLocaleString('en')}`,
      stemma: large.erasure.executeMs / small.erasure.executeMs,
      baseline: large.full.ms / small.full.ms,
      unit: 'x',
      note: `target < 2x; the reprocess job alone ${(large.erasure.jobMs / small.erasure.jobMs).toFixed(2)}x; the baseline is the full recompute's growth`,
    });
  }
  return rows;
}

/** `deletion-commits 0.18, shred 0.58, ...`: the steps other than reprocessing, in seconds. */
const stepNote = (stepMs: Record<string, number>): string =>
  Object.entries(stepMs)
    .filter(([step]) => step !== 'REPROCESS')
    .map(([step, ms]) => `${step.toLowerCase().replace(/_/g, '-')} ${(ms / 1000).toFixed(2)}`)
    .join(', ');

const log = (line: string): void => void process.stderr.write(`erasure bench: ${line}\n`);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

await main();
