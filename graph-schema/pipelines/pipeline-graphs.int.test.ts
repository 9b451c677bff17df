import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createGraphClient } from '../graph-client.js';
import { createNeo4jRepoGraph } from '../pfs/repo-graph.js';
import { CARRY_CHUNK, carryDatumsForward, type DatumResultRow } from './datum-rows.js';
import { createNeo4jDatumGraph } from './datum-graph.js';
import { createNeo4jJobGraph } from './job-graph.js';
import { createNeo4jPipelineGraph } from './pipeline-graph.js';
import { jobId, type PipelineVersionRecord } from './pipeline-records.js';

const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
const pipelines = createNeo4jPipelineGraph(graph);
const jobs = createNeo4jJobGraph(graph);
const datums = createNeo4jDatumGraph(graph);
const repos = createNeo4jRepoGraph(graph);
const project = `t${randomUUID().slice(0, 8)}`;
let version: PipelineVersionRecord;

beforeAll(async () => {
  await repos.createRepo({ project, name: 'in' });
  version = await pipelines.createVersion({
    project,
    name: 'p',
    specHash: 'h1',
    spec: JSON.stringify({ pipeline: { name: 'p', project }, input: { pfs: { name: 'in', project, repo: 'in', branch: 'master', glob: '/*' } }, transform: { cmd: ['true'] } }),
    image: null,
    cmd: ['true'],
    reprocess: false,
    inputRepoIds: [`${project}/in`],
    outputRepoId: `${project}/p`,
  });
});
afterAll(async () => {
  await pipelines.markDeleted(project, 'p');
  await graph.close();
});

const newJob = (commitSet: string) => ({
  id: jobId(version.id, commitSet),
  pipelineId: version.pipelineId,
  pipelineVersionId: version.id,
  pipelineVersion: version.version,
  commitSet,
  state: 'created' as const,
  inputs: [],
});

const rows = (n: number, state: DatumResultRow['state'] = 'success'): DatumResultRow[] =>
  Array.from({ length: n }, (_, i) => ({
    datumKey: `k${String(i).padStart(6, '0')}`,
    hash: `h${i}`,
    state,
    attempts: 1,
    durationMs: 5,
    error: null,
    inputs: [{ repoId: `${project}/in`, path: `/f${i}`, hash: `c${i}`, size: 1 }],
    outputs: [{ repoId: `${project}/p`, path: `/o${i}`, hash: `d${i}`, size: 1 }],
  }));

describe('pipeline, job and datum graphs (real Neo4j)', () => {
  it('versions a pipeline behind CURRENT, in the shape the repo graph reads', async () => {
    expect(version).toMatchObject({ id: `${project}/p@1`, version: 1 });
    expect(await repos.readersOf(project, 'in')).toEqual([`${project}/p`]);
    const v2 = await pipelines.createVersion({ ...version, project, name: 'p', specHash: 'h2' });
    expect(v2.version).toBe(2);
    expect((await pipelines.getPipeline(project, 'p')).current.id).toBe(v2.id);
    expect((await pipelines.listVersions(project, 'p')).map((v) => v.version)).toEqual([2, 1]);
    version = v2;
  });

  it('creates a job once per (version, commit set)', async () => {
    const set = randomUUID().replaceAll('-', '');
    expect((await jobs.createJob(newJob(set))).created).toBe(true);
    expect((await jobs.createJob(newJob(set))).created).toBe(false);
    expect((await jobs.listJobs({ commitSet: set })).length).toBe(1);
  });

  it('records a plan of 10,000 skipped datums and 10,000 results in a bounded number of queries, counting each datum once', async () => {
    const set = randomUUID().replaceAll('-', '');
    const { job } = await jobs.createJob(newJob(set));
    const skipped = Array.from({ length: 10_000 }, (_, i) => ({ datumKey: `s${i}`, hash: `x${i}`, sourceJobId: 'earlier' }));
    let before = graph.queryCount;
    const started = await jobs.startJob(job.id, { total: 20_000, batches: 100, parentJobId: null, skipped });
    expect(graph.queryCount - before).toBeLessThanOrEqual(8);
    expect(started?.state).toBe('running');

    before = graph.queryCount;
    const after = await datums.recordResults(job.id, rows(10_000));
    expect(graph.queryCount - before).toBeLessThanOrEqual(16);
    expect(after.counts).toEqual({ total: 20_000, processed: 10_000, skipped: 10_000, failed: 0, recovered: 0 });

    const again = await Promise.all([datums.recordResults(job.id, rows(10)), datums.recordResults(job.id, rows(10))]);
    expect(again.map((j) => j.counts.processed)).toEqual([10_000, 10_000]);
    expect((await datums.carriedDatums(job.id)).length).toBe(20_000);
    const files = await datums.datumFiles(job.id, 'k000007');
    expect(files.inputs.map((f) => f.path)).toEqual(['/f7']);
    expect(files.outputs.map((f) => f.path)).toEqual(['/o7']);
  });

  it('carries a parent\'s datums forward in a few statements, counted at start, once however often asked', async () => {
    const { job: parent } = await jobs.createJob(newJob(randomUUID().replaceAll('-', '')));
    await jobs.startJob(parent.id, { total: 3_000, batches: 30, parentJobId: null, skipped: [] });
    await datums.recordResults(parent.id, rows(3_000).map((r, i) => ({ ...r, resultsKey: `results/${Math.floor(i / 100)}.json`, batch: Math.floor(i / 100) })));
    const { job } = await jobs.createJob(newJob(randomUUID().replaceAll('-', '')));
    const touched = ['k000001', 'k000002', 'gone'];
    const started = await jobs.startJob(job.id, {
      total: 2_999,
      batches: 1,
      parentJobId: parent.id,
      skipped: [{ datumKey: 'k000001', hash: 'h1', sourceJobId: parent.id, resultsKey: 'results/0.json', batch: 0 }],
      carry: { fromJobId: parent.id, exceptKeys: touched, count: 2_998 },
    });
    expect(started?.counts).toMatchObject({ total: 2_999, skipped: 2_999 });
    const before = graph.queryCount;
    const [first, second] = await Promise.all([jobs.carryForward(job.id), jobs.carryForward(job.id)]);
    expect(first + second).toBe(2_998);
    expect(graph.queryCount - before).toBeLessThanOrEqual(8);
    expect(await jobs.carryForward(job.id)).toBe(0);
    expect((await jobs.getJob(job.id)).counts.skipped).toBe(2_999);
    const carried = await datums.carriedDatums(job.id);
    expect(carried).toHaveLength(2_999);
    expect(carried.find((d) => d.datumKey === 'k000002')).toBeUndefined();
    expect(carried.find((d) => d.datumKey === 'k002500')).toEqual({ datumKey: 'k002500', hash: 'h2500', sourceJobId: parent.id, resultsKey: 'results/25.json', batch: 25 });
    expect(await datums.carriedDatumsOf(job.id, ['k000001', 'k000002', 'k000003'])).toHaveLength(2);
  });

  it('carries more datums than a chunk in several transactions, resuming where a carrier stopped, in key order from the index', async () => {
    const { job: parent } = await jobs.createJob(newJob(randomUUID().replaceAll('-', '')));
    const n = CARRY_CHUNK * 2 + 7;
    await jobs.startJob(parent.id, { total: n, batches: 1, parentJobId: null, skipped: [] });
    await graph.write((tx) =>
      tx.run(
        `MATCH (j:Job {id: $p}) UNWIND range(0, $n - 1) AS i
         CREATE (:Datum {id: $p + '.k' + right('00000' + toString(i), 6), jobId: $p, datumKey: 'k' + right('00000' + toString(i), 6), hash: 'h', state: 'success', attempts: 1, durationMs: 1, createdAt: '2026-01-01T00:00:00Z'})-[:OF_JOB]->(j)`,
        { p: parent.id, n },
      ),
    );
    const { job } = await jobs.createJob(newJob(randomUUID().replaceAll('-', '')));
    await jobs.startJob(job.id, { total: n - 1, batches: 0, parentJobId: parent.id, skipped: [], carry: { fromJobId: parent.id, exceptKeys: ['k000003'], count: n - 1 } });
    // A carrier that made one chunk and died: the next one goes on from the saved key.
    const first = await graph.write(async (tx) => {
      const chunk = await carryDatumsForward(tx, job.id, { fromJobId: parent.id, exceptKeys: ['k000003'] }, '', CARRY_CHUNK);
      await tx.run('MATCH (j:Job {id: $id}) CREATE (j)-[:CARRY]->(:CarryProgress {jobId: $id, after: $after, done: $done})', { id: job.id, after: chunk.lastKey, done: chunk.carried });
      return chunk;
    });
    expect(first).toEqual({ carried: CARRY_CHUNK - 1, scanned: CARRY_CHUNK, lastKey: `k${String(CARRY_CHUNK - 1).padStart(6, '0')}` });
    const [a, b] = await Promise.all([jobs.carryForward(job.id), jobs.carryForward(job.id)]);
    expect(first.carried + a + b).toBe(n - 1);
    expect((await jobs.getJob(job.id)).counts.skipped).toBe(n - 1);
    const count = await graph.read((tx) => tx.run('MATCH (d:Datum {jobId: $id}) RETURN count(d) AS n, count(DISTINCT d.datumKey) AS keys', { id: job.id }));
    expect([count.records[0]?.get('n'), count.records[0]?.get('keys')]).toEqual([n - 1, n - 1]);
    const plan = await graph.read((tx) => tx.run("EXPLAIN MATCH (p:Datum) WHERE p.jobId = 'x' AND p.datumKey > '' RETURN p ORDER BY p.datumKey LIMIT 10"));
    expect(JSON.stringify(plan.summary.plan)).toContain('Datum(jobId, datumKey)');
  });

  it('moves a job between states only from the states it is in', async () => {
    const { job } = await jobs.createJob(newJob(randomUUID().replaceAll('-', '')));
    expect(await jobs.transition(job.id, ['running'], 'finishing')).toBeNull();
    expect((await jobs.transition(job.id, ['created'], 'killed', 'stopped'))?.state).toBe('killed');
    expect((await jobs.getJob(job.id)).finishedAt).not.toBeNull();
    expect(await jobs.acquireLease(job.id, 'a', 60_000)).toBe(true);
    expect(await jobs.acquireLease(job.id, 'b', 60_000)).toBe(false);
    await jobs.releaseLease(job.id, 'a');
    expect(await jobs.acquireLease(job.id, 'b', 60_000)).toBe(true);
  });

  it('gives a racing transition and a racing lease to one caller only', async () => {
    for (let round = 0; round < 5; round++) {
      const { job } = await jobs.createJob(newJob(randomUUID().replaceAll('-', '')));
      const moved = await Promise.all([1, 2, 3, 4].map(() => jobs.transition(job.id, ['created'], 'killed')));
      expect(moved.filter((j) => j !== null)).toHaveLength(1);
      const leased = await Promise.all(['a', 'b', 'c', 'd'].map((holder) => jobs.acquireLease(job.id, holder, 60_000)));
      expect(leased.filter(Boolean)).toHaveLength(1);
    }
  });
});
