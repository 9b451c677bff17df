import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileVersionId } from '../../graph-schema/pfs/index.js';
import { describeDatum, pipelineEnv, upperCase, type PipelineEnv } from '../support/pipeline-env.js';

let env: PipelineEnv;
beforeAll(async () => {
  env = await pipelineEnv();
});
afterAll(() => env.close());

const spec = (name: string, input: unknown, cmd: string[], extra: Record<string, unknown> = {}) => ({
  pipeline: { name, project: env.project },
  input,
  transform: { cmd },
  ...extra,
});
const pfs = (repo: string, glob = '/*') => ({ pfs: { repo, glob } });

describe('incremental processing on the real stack', () => {
  it('processes only the changed datum, carries the others forward, and removes outputs of removed inputs', async () => {
    const svc = env.engine.service;
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`/f${i}.txt`, `file ${i}`]));
    await env.createRepo('docs', files);
    const first = await svc.waitJob((await svc.createPipeline(spec('upper', pfs('docs'), upperCase('docs')))).job!.id, 30_000);
    expect(first.counts).toMatchObject({ total: 6, processed: 6, skipped: 0 });

    const changed = await env.jobOn('upper', await env.putFiles('docs', { '/f2.txt': 'changed' }));
    expect(changed.counts).toEqual({ total: 6, processed: 1, skipped: 5, failed: 0, recovered: 0 });
    const out = await env.readAll('upper');
    expect(out['/f2.txt']).toBe('CHANGED');
    expect(out['/f5.txt']).toBe('FILE 5');
    expect(Object.keys(out)).toHaveLength(6);
    const skipped = await svc.listDatums(changed.id, { states: ['skipped'] });
    expect(skipped).toHaveLength(5);
    expect(new Set(skipped.map((d) => d.sourceJobId))).toEqual(new Set([first.id]));

    const removed = await env.jobOn('upper', await env.deleteFiles('docs', ['/f0.txt']));
    expect(removed.counts).toMatchObject({ total: 5, processed: 0, skipped: 5 });
    const after = await env.readAll('upper');
    expect(after['/f0.txt']).toBeUndefined();
    expect(Object.keys(after).sort()).toEqual(['/f1.txt', '/f2.txt', '/f3.txt', '/f4.txt', '/f5.txt']);
  });

  it('fails a job whose datums write one path, naming both datums and the path', async () => {
    const svc = env.engine.service;
    await env.createRepo('clash', { '/a': '1', '/b': '2' });
    const writeX = ['python3', '-c', "open('/pfs/out/x', 'w').write('same path')"];
    const job = await svc.waitJob((await svc.createPipeline(spec('clasher', pfs('clash'), writeX))).job!.id, 30_000);
    const datums = (await svc.listDatums(job.id)).map((d) => d.datumKey).sort();
    expect(job.state).toBe('failure');
    expect(job.error).toContain(`datums ${datums[0]} and ${datums[1]} both write /x`);
  });

  it('fails when a new datum writes a path a carried-forward datum wrote', async () => {
    const svc = env.engine.service;
    await env.createRepo('names', { '/a': 'first' });
    const byContent = ['python3', '-c', "import os\nd = '/pfs/names'\nfor f in os.listdir(d): open('/pfs/out/' + open(os.path.join(d, f)).read(), 'w').write(f)"];
    const first = await svc.waitJob((await svc.createPipeline(spec('renamer', pfs('names'), byContent))).job!.id, 30_000);
    expect(first.state).toBe('success');
    const second = await env.jobOn('renamer', await env.putFiles('names', { '/b': 'first' }));
    const [carried] = await svc.listDatums(second.id, { states: ['skipped'] });
    expect(second.state).toBe('failure');
    expect(second.error).toMatch(/both write \/first/);
    expect(second.error).toContain(carried!.datumKey);
  });

  it('runs a chain of three pipelines in order, with datum and commit provenance in the graph', async () => {
    const svc = env.engine.service;
    await env.createRepo('raw', { '/r1.txt': 'one', '/r2.txt': 'two' });
    await svc.createPipeline(spec('stage1', pfs('raw'), upperCase('raw')));
    await svc.createPipeline(spec('stage2', pfs('stage1'), upperCase('stage1')));
    await svc.createPipeline(spec('stage3', pfs('stage2', '/'), describeDatum("'all'")));
    const commit = await env.putFiles('raw', { '/r3.txt': 'three' });
    const jobs = [await env.jobOn('stage1', commit), await env.jobOn('stage2', commit), await env.jobOn('stage3', commit)];
    expect(jobs.map((j) => j.state)).toEqual(['success', 'success', 'success']);
    expect(jobs[0]!.finishedAt! <= jobs[1]!.startedAt!).toBe(true);
    expect(jobs[1]!.finishedAt! <= jobs[2]!.startedAt!).toBe(true);
    expect((await env.readAll('stage3'))['/all']).toBe('stage2:/r1.txt=ONE\nstage2:/r2.txt=TWO\nstage2:/r3.txt=THREE');

    // Commit provenance: raw -> stage1 -> stage2 -> stage3, all in one commit set.
    const set = await env.runtime.pfs.deps.commits.commitSet(commit);
    expect(set.map((c) => c.repoId.split('/')[1]).sort()).toEqual(['raw', 'stage1', 'stage2', 'stage3']);
    const stage1Out = jobs[0]!.outputCommitId!;
    expect((await env.runtime.pfs.deps.commits.provenance(stage1Out)).map((c) => c.id)).toEqual([commit]);
    expect((await env.runtime.pfs.deps.commits.provenance(jobs[1]!.outputCommitId!)).map((c) => c.id)).toEqual([stage1Out]);

    // Datum provenance: the exact input file version -> datum -> the exact output file version.
    const [datum] = await svc.listDatums(jobs[0]!.id, { states: ['success'] });
    const info = await svc.inspectDatum(jobs[0]!.id, datum!.datumKey);
    expect(info.files.inputs.map((f) => `${f.repoId}:${f.path}`)).toEqual([`${env.project}/raw:/r3.txt`]);
    expect(info.files.outputs.map((f) => `${f.repoId}:${f.path}`)).toEqual([`${env.project}/stage1:/r3.txt`]);
    const path = await env.runtime.graph.read((tx) =>
      tx.run(
        `MATCH (i:FileVersion {id: $in})-[:INPUT_OF]->(d:Datum)-[:PRODUCED]->(o:FileVersion {id: $out}), (d)-[:OF_JOB]->(j:Job)-[:RAN]->(v:PipelineVersion),
               (j)-[:OUTPUT_COMMIT]->(c:Commit), (o)-[:IN_COMMIT]->(c), (:Commit {id: $input})-[:INPUT_OF]->(j)
         RETURN j.id AS job, v.cmd AS cmd, c.id AS commit`,
        { in: info.files.inputs[0]!.id, out: info.files.outputs[0]!.id, input: commit },
      ),
    );
    expect(path.records.map((r) => r.get('job'))).toEqual([jobs[0]!.id]);
    expect(path.records[0]!.get('commit')).toBe(stage1Out);
    expect(info.files.inputs[0]!.id).toBe(fileVersionId(`${env.project}/raw`, '/r3.txt', info.files.inputs[0]!.hash));
  });

  it('runs a pipeline reading a repo and its downstream output once per commit set, after the upstream job', async () => {
    const svc = env.engine.service;
    await env.createRepo('origin', { '/v': 'one' });
    await svc.createPipeline(spec('cleaned', pfs('origin', '/'), upperCase('origin')));
    await svc.createPipeline(spec('diamond', { cross: [pfs('origin', '/'), pfs('cleaned', '/')] }, describeDatum("'both'")));
    const commit = await env.putFiles('origin', { '/v': 'two' });
    const job = await env.jobOn('diamond', commit);
    expect(job.state).toBe('success');
    const cleaned = await env.jobOn('cleaned', commit);
    expect(job.inputs.map((i) => i.commitId)).toEqual([commit, cleaned.outputCommitId]);
    expect((await env.readAll('diamond'))['/both']).toBe('cleaned:/v=TWO\norigin:/v=two');
    expect(await svc.listJobs({ project: env.project, pipeline: 'diamond', commitSet: commit })).toHaveLength(1);
  });

  it('makes downstream jobs of a failed job unrunnable', async () => {
    const svc = env.engine.service;
    await env.createRepo('src', { '/ok': 'fine' });
    const failing = ['python3', '-c', "import os, sys\nif os.path.exists('/pfs/src/bad'): sys.exit(3)\nopen('/pfs/out/ok', 'w').write('ok')"];
    await svc.createPipeline(spec('fragile', pfs('src', '/'), failing, { datumTries: 1 }));
    await svc.createPipeline(spec('after', pfs('fragile', '/'), upperCase('fragile')));
    const commit = await env.putFiles('src', { '/bad': 'boom' });
    const failed = await env.jobOn('fragile', commit);
    expect(failed.state).toBe('failure');
    expect(failed.error).toMatch(/1 datum failed .*exited with code 3/);
    const downstream = await env.jobOn('after', commit);
    expect(downstream.state).toBe('unrunnable');
    expect(downstream.error).toContain(`${env.project}/fragile`);
  });

  it('records model versions of a training pipeline, superseding the previous one', async () => {
    const svc = env.engine.service;
    await env.createRepo('train', { '/data.csv': 'x,y\n1,2\n' });
    const train = ['python3', '-c', "import os\nos.makedirs('/pfs/out/model')\nopen('/pfs/out/model/weights.txt', 'w').write(str(len(open('/pfs/train/data.csv').read())))"];
    const created = await svc.createPipeline(spec('trainer', pfs('train', '/'), train, { model: { name: 'scorer', path: '/model' } }));
    const first = await svc.waitJob(created.job!.id, 30_000);
    const second = await env.jobOn('trainer', await env.putFiles('train', { '/data.csv': 'x,y\n1,2\n3,4\n' }));
    expect(second.state).toBe('success');
    const versions = await svc.listModelVersions(env.project, 'scorer');
    expect(versions.map((v) => [v.version, v.state, v.jobId])).toEqual([
      [2, 'current', second.id],
      [1, 'superseded', first.id],
    ]);
    const edges = await env.runtime.graph.read((tx) =>
      tx.run(
        `MATCH (old:ModelVersion {id: $old})-[:SUPERSEDED_BY]->(new:ModelVersion)-[:TRAINED_BY]->(j:Job), (new)-[:VERSION_OF]->(m:Model)
         RETURN j.id AS job, m.id AS model`,
        { old: versions[1]!.id },
      ),
    );
    expect(edges.records.map((r) => [r.get('job'), r.get('model')])).toEqual([[second.id, `${env.project}/scorer`]]);
  });

  it('updates a pipeline: unchanged datum hashes are skipped, a changed transform reprocesses, --reprocess reruns all', async () => {
    const svc = env.engine.service;
    await env.createRepo('ver', { '/a': 'a', '/b': 'b' });
    const base = spec('versioned', pfs('ver'), upperCase('ver'));
    await svc.waitJob((await svc.createPipeline(base)).job!.id, 30_000);
    expect((await svc.updatePipeline(base)).created).toBe(false);
    const parallel = await svc.updatePipeline({ ...base, parallelismSpec: { constant: 2 } });
    expect((await svc.waitJob(parallel.job!.id, 30_000)).counts).toMatchObject({ processed: 0, skipped: 2 });
    const reprocess = await svc.updatePipeline({ ...base, parallelismSpec: { constant: 2 } }, { reprocess: true });
    expect((await svc.waitJob(reprocess.job!.id, 30_000)).counts).toMatchObject({ processed: 2, skipped: 0 });
    const lower = ['python3', '-c', "import os\nfor f in os.listdir('/pfs/ver'): open('/pfs/out/' + f, 'w').write(open('/pfs/ver/' + f).read() + '!')"];
    const changed = await svc.updatePipeline({ ...base, transform: { cmd: lower } });
    expect((await svc.waitJob(changed.job!.id, 30_000)).counts).toMatchObject({ processed: 2, skipped: 0 });
    expect(await env.readAll('versioned')).toEqual({ '/a': 'a!', '/b': 'b!' });
    expect((await svc.inspectPipeline(env.project, 'versioned')).versions.map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });
});
