import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The output files' contents, sorted (their names are datum ids). */
const outputs = async (repo: string) => Object.values(await env.readAll(repo)).sort();

describe('pipeline inputs on the real stack', () => {
  it('runs a pfs input: one datum per glob match, output commit in the pipeline repo with the input commit set', async () => {
    const svc = env.engine.service;
    await env.createRepo('words', { '/a.txt': 'alpha', '/b.txt': 'beta', '/dir/c.txt': 'gamma' });
    const created = await svc.createPipeline(spec('shout', { pfs: { repo: 'words', glob: '/*' } }, upperCase('words')));
    expect(created.job?.state).toBe('created');
    const first = await svc.waitJob(created.job!.id, 30_000);
    expect(first.state).toBe('success');
    expect(first.counts).toEqual({ total: 3, processed: 3, skipped: 0, failed: 0, recovered: 0 });
    expect(await env.readAll('shout')).toEqual({ '/a.txt': 'ALPHA', '/b.txt': 'BETA', '/dir/c.txt': 'GAMMA' });

    const commit = await env.putFiles('words', { '/d.txt': 'delta' });
    const done = await env.jobOn('shout', commit);
    expect(done).toMatchObject({ state: 'success', counts: { total: 4, processed: 1, skipped: 3 } });
    const output = await env.runtime.pfs.inspectCommit(done.outputCommitId!);
    expect(output).toMatchObject({ repoId: `${env.project}/shout`, commitSet: commit, origin: 'pipeline' });
    expect(await env.runtime.pfs.deps.commits.provenance(output.id)).toEqual([expect.objectContaining({ id: commit })]);
  });

  it('runs cross and union inputs', async () => {
    const svc = env.engine.service;
    await env.createRepo('left', { '/1': 'one', '/2': 'two' });
    await env.createRepo('right', { '/x': 'ex', '/y': 'why', '/z': 'zed' });
    const cross = await svc.createPipeline(spec('crossed', { cross: [{ pfs: { repo: 'left', glob: '/*' } }, { pfs: { repo: 'right', glob: '/*' } }] }, describeDatum()));
    const union = await svc.createPipeline(spec('united', { union: [{ pfs: { repo: 'left', glob: '/*' } }, { pfs: { repo: 'right', glob: '/*' } }] }, describeDatum()));
    expect((await svc.waitJob(cross.job!.id, 30_000)).counts.processed).toBe(6);
    expect(await outputs('crossed')).toContain('left:/2=two\nright:/y=why');
    expect((await svc.waitJob(union.job!.id, 30_000)).counts.processed).toBe(5);
    expect(await outputs('united')).toEqual(['left:/1=one', 'left:/2=two', 'right:/x=ex', 'right:/y=why', 'right:/z=zed']);
  });

  it('runs join and group inputs on capture groups', async () => {
    const svc = env.engine.service;
    await env.createRepo('people', { '/p-1.txt': 'ann', '/p-2.txt': 'bob', '/p-3.txt': 'cy' });
    await env.createRepo('scores', { '/s-1.txt': '10', '/s-2.txt': '20', '/s-9.txt': '90' });
    const join = await svc.createPipeline(
      spec('joined', { join: [{ pfs: { repo: 'people', glob: '/p-(*).txt', joinOn: '$1' } }, { pfs: { repo: 'scores', glob: '/s-(*).txt', joinOn: '$1' } }] }, describeDatum()),
    );
    expect((await svc.waitJob(join.job!.id, 30_000)).counts.total).toBe(2);
    expect(await outputs('joined')).toEqual(['people:/p-1.txt=ann\nscores:/s-1.txt=10', 'people:/p-2.txt=bob\nscores:/s-2.txt=20']);

    await env.createRepo('events', { '/eu/a': '1', '/eu/b': '2', '/us/c': '3' });
    const group = await svc.createPipeline(spec('grouped', { group: [{ pfs: { repo: 'events', glob: '/(*)/*', groupBy: '$1' } }] }, describeDatum()));
    expect((await svc.waitJob(group.job!.id, 30_000)).counts.total).toBe(2);
    expect(await outputs('grouped')).toEqual(['events:/eu/a=1\nevents:/eu/b=2', 'events:/us/c=3']);
  });

  it('ticks a cron input by committing a timestamp file, which runs a job per tick', async () => {
    const svc = env.engine.service;
    const created = await svc.createPipeline(spec('ticker', { cron: { name: 'tick', spec: '@every 2s', overwrite: true } }, describeDatum("'latest'")));
    expect(created.job).toBeNull();
    const deadline = Date.now() + 20_000;
    let succeeded = 0;
    while (Date.now() < deadline && succeeded < 2) {
      succeeded = (await svc.listJobs({ project: env.project, pipeline: 'ticker', states: ['success'] })).length;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(succeeded).toBeGreaterThanOrEqual(2);
    const ticks = Object.keys(await env.readAll('ticker_tick'));
    expect(ticks).toHaveLength(1);
    expect(ticks[0]).toMatch(/^\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect((await env.readAll('ticker'))['/latest']).toMatch(/^tick:\/\d{4}-.*Z=$/);
    await svc.deletePipeline(env.project, 'ticker');
  });
});
