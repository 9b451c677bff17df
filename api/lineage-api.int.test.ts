/**
 * Lineage over GraphQL on a real chain: records tagged with their subjects are put in
 * `applicants`; pipeline `clean` upper-cases each record, pipeline `score` (which also makes
 * model `scorer`) upper-cases each cleaned record again. Workers run in this process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { pipelineEnv, upperCase, type PipelineEnv } from '../test/support/pipeline-env.js';

let env: PipelineEnv;
let api: PfsApiHarness;

interface LineageNode {
  id: string;
  type: string;
  label: string;
  depth: number;
  project: string | null;
  properties: Record<string, unknown>;
}
interface Lineage {
  truncated: boolean;
  hidden: number;
  nodes: LineageNode[];
  edges: { type: string; from: string; to: string }[];
}

const LINEAGE = `query($id: ID!, $direction: LineageDirection, $depth: Int, $types: [LineageNodeType!], $asOf: ID, $limit: Int) {
  lineage(id: $id, direction: $direction, depth: $depth, types: $types, asOf: $asOf, limit: $limit) {
    truncated hidden nodes { id type label depth project properties } edges { type from to }
  }
}`;

const lineage = async (vars: Record<string, unknown>) => (await api.query<{ lineage: Lineage }>(LINEAGE, vars)).lineage;
const ids = (l: Lineage) => l.nodes.map((n) => n.id);
const depthOf = (l: Lineage, id: string) => l.nodes.find((n) => n.id === id)?.depth;

interface DatumView {
  id: string;
  inputs: { id: string; path: string; subjects: string[] }[];
  outputs: { id: string; path: string }[];
}

/** What the chain made: global ids of the nodes the tests start from and look for. */
const chain = {
  commitA: '',
  cleanJob: { id: '', node: '', outputCommit: '' },
  scoreJob: { id: '', node: '' },
  record: { u1: '', u2: '' },
  cleanDatum: { u1: '', u2: '' },
  cleanOut: { u1: '' },
  scoreDatum: { u1: '' },
  final: { u1: '' },
};

const CREATE = 'mutation($spec: String!) { createPipeline(spec: $spec) { job { jobId } } }';
const JOB = `query($id: String!) { job(id: $id) { id state outputCommit { id }
  datums { edges { node { id inputs { id path subjects } outputs { id path } } } } } }`;

async function runPipeline(name: string, input: string, extra: Record<string, unknown> = {}) {
  const spec = { pipeline: { name, project: env.project }, input: { pfs: { repo: input, glob: '/loans/*' } }, transform: { cmd: upperCase(input) }, ...extra };
  const created = await api.query<{ createPipeline: { job: { jobId: string } } }>(CREATE, { spec: JSON.stringify(spec) });
  const jobId = created.createPipeline.job.jobId;
  expect((await env.engine.service.waitJob(jobId, 50_000)).state).toBe('success');
  const { job } = await api.query<{ job: { id: string; outputCommit: { id: string }; datums: { edges: { node: DatumView }[] } } }>(JOB, { id: jobId });
  return { jobId, node: job.id, outputCommit: job.outputCommit.id, datums: job.datums.edges.map((e) => e.node) };
}

beforeAll(async () => {
  env = await pipelineEnv();
  api = await startPfsApi({ runtime: env.runtime, pipelines: env.engine.service });
  await api.query('mutation($p: String, $n: String!) { createRepo(project: $p, name: $n) { id } }', { p: env.project, n: 'applicants' });
  const res = await api.fetch(`${api.url}/v1/pfs/${env.project}/applicants/master/files/loans?split=csv&subjectField=user_id`, {
    method: 'PUT',
    body: 'user_id,amount\nu1,10\nu2,20\n',
  });
  expect(res.status, await res.clone().text()).toBe(200);
  chain.commitA = ((await res.json()) as { commit: { id: string } }).commit.id;

  const clean = await runPipeline('clean', 'applicants');
  chain.cleanJob = { id: clean.jobId, node: clean.node, outputCommit: clean.outputCommit };
  const bySubject = (s: string) => clean.datums.find((d) => d.inputs[0]?.subjects.includes(s))!;
  chain.record = { u1: bySubject('u1').inputs[0]!.id, u2: bySubject('u2').inputs[0]!.id };
  chain.cleanDatum = { u1: bySubject('u1').id, u2: bySubject('u2').id };
  chain.cleanOut = { u1: bySubject('u1').outputs[0]!.id };

  const score = await runPipeline('score', 'clean', { model: { name: 'scorer', path: '/loans' } });
  chain.scoreJob = { id: score.jobId, node: score.node };
  const scoring = score.datums.find((d) => d.inputs[0]?.id === chain.cleanOut.u1)!;
  chain.scoreDatum = { u1: scoring.id };
  chain.final = { u1: scoring.outputs[0]!.id };
}, 120_000);

afterAll(async () => {
  await api?.close();
  await env?.close();
});

describe('lineage through a chain of two pipelines', () => {
  it('UPSTREAM from a final output reaches the record it came from, hop by hop, and not its neighbour', async () => {
    const up = await lineage({ id: chain.final.u1, direction: 'UPSTREAM', depth: 4 });
    expect(up.truncated).toBe(false);
    expect(up.hidden).toBe(0);
    expect(up.nodes[0]).toMatchObject({ id: chain.final.u1, type: 'FILE_VERSION', depth: 0, project: env.project, label: expect.stringMatching(/\/score:\/loans\//) });
    expect([depthOf(up, chain.scoreDatum.u1), depthOf(up, chain.cleanOut.u1), depthOf(up, chain.scoreJob.node), depthOf(up, chain.cleanDatum.u1), depthOf(up, chain.record.u1)]).toEqual([1, 2, 2, 3, 4]);
    expect(ids(up)).not.toContain(chain.record.u2);
    expect(Math.max(...up.nodes.map((n) => n.depth))).toBe(4);
    expect(up.edges).toEqual(
      expect.arrayContaining([
        { type: 'PRODUCED', from: chain.scoreDatum.u1, to: chain.final.u1 },
        { type: 'INPUT_OF', from: chain.cleanOut.u1, to: chain.scoreDatum.u1 },
        { type: 'OF_JOB', from: chain.scoreDatum.u1, to: chain.scoreJob.node },
        { type: 'INPUT_OF', from: chain.record.u1, to: chain.cleanDatum.u1 },
      ]),
    );
    const pipelineVersion = up.nodes.find((n) => n.type === 'PIPELINE_VERSION');
    expect(pipelineVersion).toMatchObject({ depth: 3, label: `${env.project}/score v1` });

    const withSubject = await lineage({ id: chain.final.u1, direction: 'UPSTREAM', depth: 5 });
    expect(withSubject.nodes.find((n) => n.type === 'SUBJECT')).toMatchObject({ label: 'subject u1', depth: 5, project: null });
  });

  it('DOWNSTREAM from a record reaches the final output and the model version trained on it', async () => {
    const down = await lineage({ id: chain.record.u1, direction: 'DOWNSTREAM', depth: 5 });
    expect([depthOf(down, chain.cleanDatum.u1), depthOf(down, chain.cleanOut.u1), depthOf(down, chain.scoreDatum.u1), depthOf(down, chain.final.u1)]).toEqual([1, 2, 3, 4]);
    expect(depthOf(down, chain.commitA)).toBe(1);
    expect(ids(down)).not.toContain(chain.record.u2);
    expect(down.nodes.filter((n) => n.type === 'MODEL_VERSION').map((n) => n.label)).toEqual([`${env.project}/scorer v1`]);
    expect(down.edges).toContainEqual({ type: 'PRODUCED', from: chain.scoreDatum.u1, to: chain.final.u1 });
  });

  it('BOTH gives the nodes on either side, each at its distance', async () => {
    const both = await lineage({ id: chain.cleanOut.u1, direction: 'BOTH', depth: 1 });
    expect(new Set(ids(both))).toEqual(new Set([chain.cleanOut.u1, chain.cleanDatum.u1, chain.scoreDatum.u1, chain.cleanJob.outputCommit]));
    expect(both.nodes.slice(1).every((n) => n.depth === 1)).toBe(true);
    const defaults = await lineage({ id: chain.cleanOut.u1 });
    expect(Math.max(...defaults.nodes.map((n) => n.depth))).toBe(3);
    expect(ids(defaults)).toEqual(expect.arrayContaining([chain.record.u1, chain.final.u1]));
  });

  it('keeps only the node types asked for, and the start', async () => {
    const files = await lineage({ id: chain.final.u1, direction: 'UPSTREAM', depth: 5, types: ['FILE_VERSION', 'SUBJECT'] });
    expect(new Set(files.nodes.map((n) => n.type))).toEqual(new Set(['FILE_VERSION', 'SUBJECT']));
    expect(ids(files)).toEqual(expect.arrayContaining([chain.final.u1, chain.cleanOut.u1, chain.record.u1]));
    expect(files.edges.every((e) => ids(files).includes(e.from) && ids(files).includes(e.to))).toBe(true);
    const datums = await lineage({ id: chain.final.u1, direction: 'UPSTREAM', depth: 4, types: ['DATUM'] });
    expect(datums.nodes.map((n) => n.type)).toEqual(['FILE_VERSION', 'DATUM', 'DATUM']);
  });

  it('answers asOf a commit as the graph stood then, and says when the start did not exist yet', async () => {
    const now = await lineage({ id: chain.commitA, direction: 'DOWNSTREAM', depth: 2 });
    expect(ids(now)).toEqual(expect.arrayContaining([chain.cleanJob.node, chain.cleanJob.outputCommit]));
    const then = await lineage({ id: chain.commitA, direction: 'DOWNSTREAM', depth: 2, asOf: chain.commitA });
    expect(ids(then)).toEqual([chain.commitA]);

    const beforeScore = await lineage({ id: chain.record.u1, direction: 'DOWNSTREAM', depth: 6, asOf: chain.cleanJob.outputCommit });
    expect(ids(beforeScore)).toEqual(expect.arrayContaining([chain.cleanDatum.u1, chain.cleanOut.u1, chain.cleanJob.outputCommit]));
    expect(ids(beforeScore)).not.toContain(chain.scoreDatum.u1);
    expect(beforeScore.nodes.some((n) => String(n.properties.repoId ?? '').endsWith('/score'))).toBe(false);

    const codes = async (vars: Record<string, unknown>) => {
      const res = await api.graphql(LINEAGE, vars);
      return [res.errors?.[0]?.extensions?.code, res.errors?.[0]?.message];
    };
    expect(await codes({ id: chain.final.u1, asOf: chain.commitA })).toEqual(['NOT_FOUND', expect.stringMatching(/did not exist yet as of commit/)]);
    expect(await codes({ id: chain.final.u1, asOf: '0'.repeat(32) })).toEqual(['NOT_FOUND', `asOf: commit ${'0'.repeat(32)} does not exist`]);
    expect(await codes({ id: chain.final.u1, asOf: 'master' })).toEqual(['INVALID_ARGUMENT', expect.stringMatching(/^asOf: /)]);
  });

  it('refuses a depth or limit out of bounds and a start that is no lineage node', async () => {
    const code = async (vars: Record<string, unknown>) => (await api.graphql(LINEAGE, vars)).errors?.[0];
    expect(await code({ id: chain.final.u1, depth: 21 })).toMatchObject({ message: 'depth: must be an integer from 1 to 20; got 21', extensions: { code: 'INVALID_ARGUMENT' } });
    expect((await code({ id: chain.final.u1, depth: 0 }))?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect((await code({ id: chain.final.u1, limit: 5001 }))?.extensions?.code).toBe('INVALID_ARGUMENT');
    const repo = await api.query<{ repo: { id: string } }>('query($p: String) { repo(project: $p, name: "applicants") { id } }', { p: env.project });
    expect(await code({ id: repo.repo.id })).toMatchObject({ message: expect.stringMatching(/a lineage starts at a FileVersion, .* is a Repo$/), extensions: { code: 'INVALID_ARGUMENT' } });
  });

  it('resolves each lineage node to its full node', async () => {
    const up = await api.query<{ lineage: { nodes: { type: string; node: { __typename: string; id: string } | null }[] } }>(
      'query($id: ID!) { lineage(id: $id, direction: UPSTREAM, depth: 3) { nodes { type node { __typename id } } } }',
      { id: chain.final.u1 },
    );
    const typeName: Record<string, string> = { FILE_VERSION: 'FileVersion', DATUM: 'Datum', JOB: 'Job', PIPELINE_VERSION: 'PipelineVersion', COMMIT: 'Commit' };
    for (const n of up.lineage.nodes) expect(n.node?.__typename).toBe(typeName[n.type]);
  });
});

type Edges<T> = { edges: { node: T }[]; pageInfo?: { hasNextPage: boolean } };
type Id = { id: string };
const idsOf = (c: Edges<Id>) => c.edges.map((e) => e.node.id);

describe('every node by node(id:), file versions with their links', () => {
  it('finds each kind of node by its global id', async () => {
    const found = await api.query<{
      pipeline: Id & {
        currentVersion: Id;
        model: Id & { currentVersion: Id };
        outputRepo: Id & { project: Id };
        lastJob: Id & { outputCommit: Id; datums: Edges<Id & { outputs: Id[] }> };
      };
      branch: Id;
      files: Edges<Id>;
    }>(
      `query($p: String!, $ref: String!) {
        pipeline(project: $p, name: "score") { id currentVersion { id } model { id currentVersion { id } }
          outputRepo { id project { id } } lastJob { id outputCommit { id } datums(first: 1) { edges { node { id outputs { id } } } } } }
        branch(project: $p, repo: "score", name: "master") { id }
        files(ref: $ref) { edges { node { id } } }
      }`,
      { p: env.project, ref: `${env.project}/score@master:/loans` },
    );
    const p = found.pipeline;
    const datum = p.lastJob.datums.edges[0]!.node;
    const expected: [string, string][] = [
      ['Pipeline', p.id],
      ['PipelineVersion', p.currentVersion.id],
      ['Model', p.model.id],
      ['ModelVersion', p.model.currentVersion.id],
      ['Repo', p.outputRepo.id],
      ['Project', p.outputRepo.project.id],
      ['Job', p.lastJob.id],
      ['Commit', p.lastJob.outputCommit.id],
      ['Datum', datum.id],
      ['FileVersion', datum.outputs[0]!.id],
      ['Branch', found.branch.id],
      ['File', found.files.edges[0]!.node.id],
    ];
    const { nodes } = await api.query<{ nodes: ({ __typename: string; id: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: expected.map(([, id]) => id) });
    expect(nodes).toEqual(expected.map(([__typename, id]) => ({ __typename, id })));
  });

  it('links a file version to its commits, the datums that read it and the datum that wrote it', async () => {
    type FileVersionView = { repo: string; subjects: string[]; commits: Edges<Id>; inputOf: Edges<Id>; producedBy: Edges<Id> };
    const FV = `query($id: ID!) { node(id: $id) { ... on FileVersion { repo path subjects
      commits { edges { node { id } } } inputOf { edges { node { id } } } producedBy { edges { node { id } } } } } }`;
    const record = (await api.query<{ node: FileVersionView }>(FV, { id: chain.record.u1 })).node;
    expect(record).toMatchObject({ repo: `${env.project}/applicants`, subjects: ['u1'] });
    expect([idsOf(record.commits), idsOf(record.inputOf), idsOf(record.producedBy)]).toEqual([[chain.commitA], [chain.cleanDatum.u1], []]);
    const cleaned = (await api.query<{ node: FileVersionView }>(FV, { id: chain.cleanOut.u1 })).node;
    expect(cleaned.subjects).toEqual([]);
    expect([idsOf(cleaned.commits), idsOf(cleaned.inputOf), idsOf(cleaned.producedBy)]).toEqual([[chain.cleanJob.outputCommit], [chain.scoreDatum.u1], [chain.cleanDatum.u1]]);
  });

  it('pages a commit’s provenance, subvenance and diff', async () => {
    type Change = { change: string; path: string; before: { path: string } | null; after: { path: string } | null };
    const { commit } = await api.query<{ commit: { provenance: Edges<Id>; subvenance: Edges<Id>; diff: Edges<Change> } }>(
      `query($id: String!) { commit(id: $id) { provenance { edges { node { id } } } subvenance(first: 1) { edges { node { id } } pageInfo { hasNextPage } }
        diff(first: 1) { edges { node { change path before { path } after { path } } } pageInfo { hasNextPage } } } }`,
      { id: chain.cleanJob.outputCommit },
    );
    expect(idsOf(commit.provenance)).toEqual([chain.commitA]);
    expect(commit.subvenance.edges).toHaveLength(1);
    expect(commit.diff.edges[0]!.node).toMatchObject({ change: 'ADDED', before: null, after: { path: expect.stringMatching(/^\/loans\//) } });
    expect(commit.diff.pageInfo?.hasNextPage).toBe(true);
    const { commit: input } = await api.query<{ commit: { subvenance: Edges<Id> } }>('query($id: String!) { commit(id: $id) { subvenance { edges { node { id } } } } }', { id: chain.commitA });
    expect(idsOf(input.subvenance)).toContain(chain.cleanJob.outputCommit);
  });
});
