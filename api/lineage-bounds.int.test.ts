/**
 * Lineage bounds over GraphQL on a graph written directly (a shape pipelines never make): a
 * cycle of datums, a datum of another project in the middle, a fan-out past the limit, a
 * commit of 5,000 files. And the server's refusal of queries too deep or too costly.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeStemmaGlobalId } from './schema/global-id.js';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';

let api: PfsApiHarness;
const run = randomUUID().slice(0, 8);
const [X, Y] = [`lx-${run}`, `ly-${run}`];
const id = (name: string) => `${run}-${name}`;
const fv = (name: string) => encodeStemmaGlobalId('FileVersion', id(name));
const datum = (name: string) => encodeStemmaGlobalId('Datum', id(name));
/** A commit holding 5,000 file versions, each read by a datum: a 32-hex id, as commit ids are. */
const bigCommit = randomUUID().replaceAll('-', '');

const LINEAGE = `query($id: ID!, $direction: LineageDirection, $depth: Int, $limit: Int) {
  lineage(id: $id, direction: $direction, depth: $depth, limit: $limit) { truncated hidden nodes { id depth } edges { type from to } }
}`;
interface Lineage {
  truncated: boolean;
  hidden: number;
  nodes: { id: string; depth: number }[];
  edges: { type: string; from: string; to: string }[];
}
const lineage = async (vars: Record<string, unknown>, token?: string) => {
  const res = await api.graphql<{ lineage: Lineage }>(LINEAGE, vars, token === undefined ? {} : { token });
  if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
  return res.data!.lineage;
};
const codeOf = async (query: string, vars: Record<string, unknown>, token?: string | null) =>
  (await api.graphql(query, vars, token === undefined ? {} : { token })).errors?.[0];

/**
 * In project X: a -> d1 -> b -> d2 -> a (a cycle), and b -> dy -> c through a datum of
 * project Y; `hub` is read by 30 datums.
 */
async function seedGraph(): Promise<void> {
  const now = new Date().toISOString();
  await api.runtime.graph.write(async (tx) => {
    await tx.run(
      `CREATE (jx:Job {id: $jx, pipelineId: $X + '/p', createdAt: $now}), (jy:Job {id: $jy, pipelineId: $Y + '/p', createdAt: $now})
       CREATE (a:FileVersion {id: $a, repoId: $X + '/r', path: '/a', createdAt: $now}), (b:FileVersion {id: $b, repoId: $X + '/r', path: '/b', createdAt: $now}),
              (c:FileVersion {id: $c, repoId: $X + '/r2', path: '/c', createdAt: $now})
       CREATE (d1:Datum {id: $d1, jobId: $jx, datumKey: 'd1', createdAt: $now})-[:OF_JOB]->(jx), (d2:Datum {id: $d2, jobId: $jx, datumKey: 'd2', createdAt: $now})-[:OF_JOB]->(jx),
              (dy:Datum {id: $dy, jobId: $jy, datumKey: 'dy', createdAt: $now})-[:OF_JOB]->(jy)
       CREATE (a)-[:INPUT_OF]->(d1), (d1)-[:PRODUCED]->(b), (b)-[:INPUT_OF]->(d2), (d2)-[:PRODUCED]->(a), (b)-[:INPUT_OF]->(dy), (dy)-[:PRODUCED]->(c)`,
      { X, Y, now, jx: id('jx'), jy: id('jy'), a: id('a'), b: id('b'), c: id('c'), d1: id('d1'), d2: id('d2'), dy: id('dy') },
    );
    await tx.run(
      `MATCH (jx:Job {id: $jx})
       CREATE (hub:FileVersion {id: $hub, repoId: $X + '/r', path: '/hub', createdAt: $now})
       WITH hub, jx UNWIND range(1, 30) AS i
       CREATE (hub)-[:INPUT_OF]->(:Datum {id: $hub + '-' + i, jobId: jx.id, datumKey: 'h' + i, createdAt: $now})-[:OF_JOB]->(jx)`,
      { X, now, jx: id('jx'), hub: id('hub') },
    );
    await tx.run(
      `MATCH (jx:Job {id: $jx})
       CREATE (big:Commit {id: $big, repoId: $X + '/big', createdAt: $now})
       WITH big, jx UNWIND range(1, 5000) AS i
       CREATE (fv:FileVersion {id: $run + '-big-' + i, repoId: $X + '/big', path: '/f' + i, hash: 'h' + i, size: i, createdAt: $now})-[:IN_COMMIT]->(big)
       CREATE (fv)-[:INPUT_OF]->(:Datum {id: $run + '-bigd-' + i, jobId: jx.id, datumKey: 'b' + i, createdAt: $now})-[:OF_JOB]->(jx)`,
      { X, run, now, jx: id('jx'), big: bigCommit },
    );
  });
}

beforeAll(async () => {
  api = await startPfsApi();
  await seedGraph();
});

afterAll(async () => {
  await api?.runtime.graph.write((tx) => tx.run('MATCH (n) WHERE n.id STARTS WITH $prefix OR n.id = $big DETACH DELETE n', { prefix: `${run}-`, big: bigCommit }));
  await api?.close();
});

describe('lineage bounds', () => {
  it('ends on a cycle: each node once, at its nearest distance, whatever the depth', async () => {
    const down = await lineage({ id: fv('a'), direction: 'DOWNSTREAM', depth: 20 });
    expect(down.nodes).toEqual([
      { id: fv('a'), depth: 0 },
      { id: datum('d1'), depth: 1 },
      { id: fv('b'), depth: 2 },
      { id: datum('d2'), depth: 3 },
      { id: datum('dy'), depth: 3 },
      { id: fv('c'), depth: 4 },
    ]);
    expect(down.truncated).toBe(false);
    expect(down.edges).toHaveLength(6);
    expect(down.edges).toContainEqual({ type: 'PRODUCED', from: datum('d2'), to: fv('a') });
    const up = await lineage({ id: fv('a'), direction: 'UPSTREAM', depth: 20 });
    expect(up.nodes.map((n) => n.id)).toEqual([fv('a'), datum('d2'), fv('b'), encodeStemmaGlobalId('Job', id('jx')), datum('d1')]);
  });

  it('stops at the depth asked for', async () => {
    const near = await lineage({ id: fv('a'), direction: 'DOWNSTREAM', depth: 2 });
    expect(near.nodes.map((n) => n.id)).toEqual([fv('a'), datum('d1'), fv('b')]);
    expect(near.truncated).toBe(false);
  });

  it('cuts at the node limit, nearest first, and says it did', async () => {
    const cut = await lineage({ id: fv('hub'), direction: 'DOWNSTREAM', depth: 3, limit: 10 });
    expect(cut.nodes).toHaveLength(10);
    expect(cut.nodes[0]).toEqual({ id: fv('hub'), depth: 0 });
    expect(cut.truncated).toBe(true);
    const whole = await lineage({ id: fv('hub'), direction: 'DOWNSTREAM', depth: 3, limit: 31 });
    expect([whole.nodes.length, whole.truncated]).toEqual([31, false]);
  });

  it('answers a limit of 1,000 around a commit of 5,000 files, every way, with the edges among the nodes kept', async () => {
    const PICTURE = `query($id: ID!, $direction: LineageDirection, $limit: Int) {
      lineage(id: $id, direction: $direction, depth: 10, limit: $limit) { truncated nodes { id type label depth properties } edges { type from to } } }`;
    for (const direction of ['UPSTREAM', 'BOTH']) {
      type Picture = Omit<Lineage, 'nodes'> & { nodes: { id: string; depth: number; type: string; label: string; properties: Record<string, unknown> }[] };
      const res = await api.graphql<{ lineage: Picture }>(PICTURE, { id: bigCommit, direction, limit: 1000 });
      expect(res.errors).toBeUndefined();
      const picture = res.data!.lineage;
      expect([picture.nodes.length, picture.truncated]).toEqual([1000, true]);
      expect(picture.nodes[0]).toMatchObject({ id: bigCommit, depth: 0, label: `${X}/big@${bigCommit}` });
      expect(picture.nodes.slice(1).every((n) => n.type === 'FILE_VERSION' && n.depth === 1 && typeof n.properties.hash === 'string')).toBe(true);
      expect(picture.edges.filter((e) => e.type === 'IN_COMMIT' && e.to === bigCommit)).toHaveLength(999);
    }
  });

  it("hides the nodes of a project the token may not read, counts them, and refuses a start there", async () => {
    const readerOfX = (await api.mintToken([{ role: 'reader', project: X }])).token;
    const seen = await lineage({ id: fv('a'), direction: 'DOWNSTREAM', depth: 20 }, readerOfX);
    expect(seen.nodes.map((n) => n.id)).toEqual([fv('a'), datum('d1'), fv('b'), datum('d2'), fv('c')]);
    expect(seen.hidden).toBe(1);
    expect(seen.edges.some((e) => e.from === datum('dy') || e.to === datum('dy'))).toBe(false);
    expect(seen.edges).toHaveLength(4);

    expect(await codeOf(LINEAGE, { id: datum('dy') }, readerOfX)).toMatchObject({ extensions: { code: 'FORBIDDEN', project: Y } });
    expect((await codeOf(LINEAGE, { id: fv('a') }, null))?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await codeOf(LINEAGE, { id: fv('nothing') })).toMatchObject({ message: `FileVersion ${id('nothing')} does not exist`, extensions: { code: 'NOT_FOUND' } });
  });
});

describe('query limits', () => {
  it('refuses a query nested past the depth limit as INVALID_ARGUMENT naming the limit and its depth', async () => {
    const parents = 'parent { '.repeat(14);
    const deep = `query($id: String!) { commit(id: $id) { ${parents} id ${'} '.repeat(14)} } }`;
    expect(await codeOf(deep, { id: '0'.repeat(32) })).toMatchObject({
      message: 'query depth 16 is over the limit of 15 (STEMMA_API_MAX_DEPTH): nest fewer selections, or split the query',
      extensions: { code: 'INVALID_ARGUMENT', limit: 15, depth: 16 },
    });
  });

  it('refuses a query costing more than the complexity limit, naming both', async () => {
    const costly = '{ commits(repo: "r", first: 1000) { edges { node { files(first: 1000) { edges { node { path } } } } } } }';
    const error = await codeOf(costly, {});
    expect(error).toMatchObject({ message: expect.stringMatching(/^query complexity \d+ is over the limit of 100000 \(STEMMA_API_MAX_COMPLEXITY\)/), extensions: { code: 'INVALID_ARGUMENT', limit: 100000 } });
    expect(Number(error?.extensions?.complexity)).toBeGreaterThan(100_000);
  });
});
