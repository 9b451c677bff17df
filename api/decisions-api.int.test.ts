/**
 * Decisions over the API end to end: a real server on the local stack with pipeline workers
 * in this process. Applicant records are put as a subject-tagged split CSV; a features
 * pipeline turns each record into a feature file, a training pipeline trains a model on them;
 * decisions recorded against its versions are explained back to the records and subjects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { pipelineEnv, type PipelineEnv } from '../test/support/pipeline-env.js';

let env: PipelineEnv;
let api: PfsApiHarness;
let model: string;

const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];
const subject = (n: number) => `${env.project}-applicant-${n}`;
/** Three records of two subjects. */
const CSV_OF = () => `user_id,income\n${subject(1)},30\n${subject(2)},70\n${subject(1)},55\n`;

/** One feature file per record: `/pfs/out/<record name>.json`. */
const featurize = python(
  'import csv, json, os',
  "root = os.environ.get('PFS_ROOT', '/pfs')",
  "for base, _, files in os.walk(root + '/applicants'):",
  '    for f in files:',
  '        for row in csv.DictReader(open(os.path.join(base, f))):',
  "            json.dump({'income': int(row['income'])}, open(root + '/out/' + f + '.json', 'w'))",
);

/** One model over every feature file: `/pfs/out/model/weights.txt`. */
const train = python(
  'import os',
  "root = os.environ.get('PFS_ROOT', '/pfs')",
  "os.makedirs(root + '/out/model', exist_ok=True)",
  "open(root + '/out/model/weights.txt', 'w').write(','.join(sorted(os.listdir(root + '/features'))))",
);

const CREATE = 'mutation($spec: String!) { createPipeline(spec: $spec) { job { jobId } } }';
const RECORD = 'mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id decisionId subjectId input output explanation source flagged madeAt modelVersion { version } subject { subjectId } } }';
const RECORD_MANY = 'mutation($inputs: [RecordDecisionInput!]!) { recordDecisions(inputs: $inputs) { count decisionIds } }';
const EXPLAIN = `query($id: ID!) { explainDecision(id: $id) {
  decision { decisionId subjectId } explanation
  modelVersion { version } trainingJob { jobId pipelineName } pipelineVersion { image cmd specHash }
  trainingCommits { id repo { name } } trainingRecords { count sample { repo path } } subjectsCount datum { datumKey } } }`;

async function put(repo: string, path: string, body: string, query = ''): Promise<string> {
  const res = await api.fetch(`${api.url}/v1/pfs/${env.project}/${repo}/master/files/${path.replace(/^\//, '')}${query}`, { method: 'PUT', body });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { commit: { id: string } }).commit.id;
}

async function runPipeline(name: string, input: Record<string, unknown>, cmd: string[], extra: Record<string, unknown> = {}): Promise<void> {
  const spec = { pipeline: { name, project: env.project }, input, transform: { cmd }, ...extra };
  const { createPipeline } = await api.query<{ createPipeline: { job: { jobId: string } } }>(CREATE, { spec: JSON.stringify(spec) });
  const job = await env.engine.service.waitJob(createPipeline.job.jobId, 60_000);
  expect(job, job.error ?? '').toMatchObject({ state: 'success' });
}

/** A decision input against the model's first version. */
const input = (over: Record<string, unknown> = {}) => ({ modelVersion: `${model}@1`, subjectId: subject(1), input: { income: 42 }, output: { approved: false }, ...over });

beforeAll(async () => {
  env = await pipelineEnv();
  api = await startPfsApi({ runtime: env.runtime, pipelines: env.engine.service });
  model = `${env.project}/scorer`;
  await api.query('mutation($p: String, $n: String!) { createRepo(project: $p, name: $n) { name } }', { p: env.project, n: 'applicants' });
  await put('applicants', '/applicants.csv', CSV_OF(), '?split=csv&subjectField=user_id');
  await runPipeline('features', { pfs: { repo: 'applicants', glob: '/applicants.csv/*' } }, featurize);
  await runPipeline('trainer', { pfs: { repo: 'features', glob: '/' } }, train, { model: { name: 'scorer', path: '/model' } });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await env?.close();
});

describe('decisions over GraphQL', () => {
  it('records a decision and explains it back to the training records and the subjects they came from', async () => {
    const { recordDecision: d } = await api.query<{ recordDecision: { id: string; decisionId: string } & Record<string, unknown> }>(RECORD, {
      input: input({ explanation: { income: -0.8 }, madeAt: '2025-01-02T03:04:05Z' }),
    });
    expect(d).toMatchObject({
      subjectId: subject(1),
      input: { income: 42 },
      output: { approved: false },
      explanation: { income: -0.8 },
      source: 'API',
      flagged: false,
      madeAt: '2025-01-02T03:04:05.000Z',
      modelVersion: { version: 1 },
      subject: { subjectId: subject(1) },
    });

    for (const id of [d.id, d.decisionId]) {
      const { explainDecision: e } = await api.query<{ explainDecision: Record<string, unknown> & { trainingRecords: { sample: { path: string }[] } } }>(EXPLAIN, { id });
      expect(e).toMatchObject({
        decision: { decisionId: d.decisionId, subjectId: subject(1) },
        explanation: { income: -0.8 },
        modelVersion: { version: 1 },
        trainingJob: { pipelineName: 'trainer' },
        pipelineVersion: { image: null, cmd: train, specHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
        trainingCommits: [{ repo: { name: 'features' } }],
        trainingRecords: { count: 3 },
        subjectsCount: 2,
        datum: null,
      });
      expect(e.trainingRecords.sample.map((f) => f.path)).toEqual([0, 1, 2].map((i) => `/${String(i).padStart(16, '0')}.json`));
    }
    const node = await api.query<{ node: { __typename: string; decisionId: string } }>('query($id: ID!) { node(id: $id) { __typename ... on Decision { decisionId } } }', { id: d.id });
    expect(node.node).toEqual({ __typename: 'Decision', decisionId: d.decisionId });
  });

  it('records a batch all or nothing: INVALID_ARGUMENT names the input and field, NOT_FOUND the model version', async () => {
    const who = subject(7);
    const bad = await api.graphql(RECORD_MANY, { inputs: [input({ subjectId: who }), input({ subjectId: '' }), input({ subjectId: who })] });
    expect(bad.errors?.[0]).toMatchObject({ message: 'inputs[1].subjectId: must be a non-empty string', extensions: { code: 'INVALID_ARGUMENT' } });
    const unknown = await api.graphql(RECORD_MANY, { inputs: [input({ subjectId: who }), input({ subjectId: who, modelVersion: `${model}@99` })] });
    expect(unknown.errors?.[0]).toMatchObject({ message: `inputs[1].modelVersion: model version ${model}@99 does not exist`, extensions: { code: 'NOT_FOUND' } });
    const malformed = await api.graphql(RECORD_MANY, { inputs: [input({ subjectId: who, modelVersion: 'scorer' })] });
    expect(malformed.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(malformed.errors?.[0]?.message).toMatch(/^inputs\[0\]\.modelVersion: /);
    const none = await api.graphql<{ subject: unknown }>('query($id: String!) { subject(id: $id) { subjectId } }', { id: who });
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const tooMany = await api.graphql(RECORD_MANY, { inputs: Array.from({ length: 10_001 }, () => input({ subjectId: who })) });
    expect(tooMany.errors?.[0]).toMatchObject({ message: 'inputs: at most 10000 decisions per call, got 10001; send them in batches', extensions: { code: 'INVALID_ARGUMENT' } });
    const most = await api.query<{ recordDecisions: { count: number } }>(RECORD_MANY, { inputs: Array.from({ length: 10_000 }, (_, i) => input({ subjectId: subject(8), input: { i } })) });
    expect(most.recordDecisions.count).toBe(10_000);

    const inputs = Array.from({ length: 1_500 }, (_, i) => input({ subjectId: who, input: { income: i } }));
    const { recordDecisions } = await api.query<{ recordDecisions: { count: number; decisionIds: string[] } }>(RECORD_MANY, { inputs });
    expect(recordDecisions.count).toBe(1_500);
    const page = await api.query<{ subject: { decisions: { edges: { node: { decisionId: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(
      'query($id: String!) { subject(id: $id) { decisions(first: 1000) { edges { node { decisionId } } pageInfo { hasNextPage endCursor } } } }',
      { id: who },
    );
    expect(page.subject.decisions.pageInfo.hasNextPage).toBe(true);
    const rest = await api.query<{ decisions: { edges: { node: { decisionId: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      'query($s: String, $mv: ID, $after: String) { decisions(subjectId: $s, modelVersion: $mv, first: 1000, after: $after) { edges { node { decisionId } } pageInfo { hasNextPage } } }',
      { s: who, mv: `${model}@1`, after: page.subject.decisions.pageInfo.endCursor },
    );
    expect(rest.decisions.pageInfo.hasNextPage).toBe(false);
    const listed = [...page.subject.decisions.edges, ...rest.decisions.edges].map((e) => e.node.decisionId);
    expect(listed).toEqual([...recordDecisions.decisionIds].sort());
  });

  it("shows a subject's records and decisions, and a model version's decisions", async () => {
    const { subject: s } = await api.query<{ subject: { id: string; fileVersions: { edges: { node: { repo: string; path: string } }[] }; decisions: { edges: unknown[] } } }>(
      'query($id: String!, $mv: ID) { subject(id: $id) { id fileVersions { edges { node { repo path } } } decisions(modelVersion: $mv) { edges { node { decisionId } } } } }',
      { id: subject(1), mv: `${model}@1` },
    );
    expect(s.fileVersions.edges.map((e) => e.node.repo)).toEqual([`${env.project}/applicants`, `${env.project}/applicants`]);
    expect(s.decisions.edges.length).toBeGreaterThanOrEqual(1);
    const node = await api.query<{ node: { __typename: string } }>('query($id: ID!) { node(id: $id) { __typename } }', { id: s.id });
    expect(node.node.__typename).toBe('Subject');
    const versions = await api.query<{ modelVersions: { version: number; decisions: { edges: unknown[] } }[] }>(
      'query($p: String) { modelVersions(project: $p, name: "scorer") { version decisions(first: 5) { edges { node { decisionId } } } } }',
      { p: env.project },
    );
    expect(versions.modelVersions[0]?.decisions.edges).toHaveLength(5);
  });

  it("answers a subject of no project the token may read as one that does not exist", async () => {
    const Q = 'query($id: String!) { subject(id: $id) { subjectId } }';
    const { token: outsider } = await api.mintToken([{ role: 'reader', project: `other-${env.project}` }]);
    const { token: insider } = await api.mintToken([{ role: 'reader', project: env.project }]);
    const hidden = await api.graphql<{ subject: unknown }>(Q, { id: subject(1) }, { token: outsider });
    const missing = await api.graphql<{ subject: unknown }>(Q, { id: `${subject(1)}-nobody` }, { token: outsider });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(missing.errors?.[0]?.message.replace('-nobody', ''));
    const seen = await api.graphql<{ subject: { subjectId: string } }>(Q, { id: subject(1) }, { token: insider });
    expect(seen.data?.subject.subjectId).toBe(subject(1));
  });

  it('explains a model version: training, decisions made, and the version that superseded it', async () => {
    const EXPLAIN_MODEL = `query($id: ID!) { explainModel(id: $id) { modelVersion { version state } trainingJob { pipelineName }
      pipelineVersion { cmd } trainingCommits { repo { name } } trainingRecords { count } subjectsCount decisionsCount
      supersededBy { version } supersededByErasure supersededByErasureId } }`;
    const first = await api.query<{ explainModel: Record<string, unknown> }>(EXPLAIN_MODEL, { id: `${model}@1` });
    expect(first.explainModel).toMatchObject({
      modelVersion: { version: 1, state: 'CURRENT' },
      trainingJob: { pipelineName: 'trainer' },
      pipelineVersion: { cmd: train },
      trainingRecords: { count: 3 },
      subjectsCount: 2,
      supersededBy: null,
      supersededByErasure: false,
      supersededByErasureId: null,
    });
    expect(first.explainModel['decisionsCount']).toBeGreaterThanOrEqual(1_501);

    // A new record (a split replaces the records' directory; the first three stay as they were):
    // the features pipeline adds one feature, the trainer makes version 2.
    const commit = await put('applicants', '/applicants.csv', `${CSV_OF()}${subject(3)},90\n`, '?split=csv&subjectField=user_id');
    const { commit: c } = await api.query<{ commit: { commitSet: string } }>('query($id: String!) { commit(id: $id) { commitSet } }', { id: commit });
    await env.jobOn('trainer', c.commitSet, 60_000);
    const after = await api.query<{ explainModel: Record<string, unknown> }>(EXPLAIN_MODEL, { id: `${model}@1` });
    expect(after.explainModel).toMatchObject({ modelVersion: { version: 1, state: 'SUPERSEDED' }, supersededBy: { version: 2 }, supersededByErasure: false });
    const second = await api.query<{ explainModel: Record<string, unknown> }>(EXPLAIN_MODEL, { id: `${model}@2` });
    expect(second.explainModel).toMatchObject({ trainingRecords: { count: 4 }, subjectsCount: 3, decisionsCount: 0 });
    const missing = await api.graphql(EXPLAIN_MODEL, { id: `${model}@9` });
    expect(missing.errors?.[0]).toMatchObject({ message: `model version ${model}@9 does not exist`, extensions: { code: 'NOT_FOUND' } });
  });

  it('lets a writer record and a reader read, but not record; others are refused', async () => {
    const writer = await api.mintToken([{ role: 'writer', project: env.project }]);
    const reader = await api.mintToken([{ role: 'reader', project: env.project }]);
    const outsider = await api.mintToken([{ role: 'admin', project: 'elsewhere' }]);
    const recorded = await api.graphql<{ recordDecision: { decisionId: string } }>(RECORD, { input: input() }, { token: writer.token });
    expect(recorded.errors).toBeUndefined();
    const id = recorded.data!.recordDecision.decisionId;

    const byReader = await api.graphql(RECORD, { input: input() }, { token: reader.token });
    expect(byReader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(byReader.errors?.[0]?.message).toContain(`may not write to project ${env.project}`);
    const batchByReader = await api.graphql(RECORD_MANY, { inputs: [input()] }, { token: reader.token });
    expect(batchByReader.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const read = await api.graphql<{ explainDecision: { subjectsCount: number } }>(EXPLAIN, { id }, { token: reader.token });
    expect(read.data?.explainDecision.subjectsCount).toBe(2);

    const hidden = await api.graphql(EXPLAIN, { id }, { token: outsider.token });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hiddenModel = await api.graphql('query($id: ID!) { explainModel(id: $id) { subjectsCount } }', { id: `${model}@1` }, { token: outsider.token });
    expect(hiddenModel.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const listed = await api.graphql<{ decisions: { edges: unknown[] } }>('query($s: String) { decisions(subjectId: $s) { edges { node { decisionId } } } }', { s: subject(1) }, { token: outsider.token });
    expect(listed.data?.decisions.edges).toEqual([]);
    const anonymous = await api.graphql(EXPLAIN, { id }, { token: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
