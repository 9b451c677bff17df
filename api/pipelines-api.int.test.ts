/**
 * Pipelines over the API end to end: a real server on the local stack, with pipeline
 * workers in this process, driven through GraphQL (and HTTP for file bytes) as the CLI drives it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { stringify as toYaml } from 'yaml';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { pipelineEnv, type PipelineEnv } from '../test/support/pipeline-env.js';

let env: PipelineEnv;
let api: PfsApiHarness;

beforeAll(async () => {
  env = await pipelineEnv();
  api = await startPfsApi({ runtime: env.runtime, pipelines: env.engine.service });
});

afterAll(async () => {
  await api?.close();
  await env?.close();
});

const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];

/** Upper-cases each input file into /pfs/out, printing a line per file. */
const upperCase = (input: string) =>
  python(
    'import os',
    "root = os.environ.get('PFS_ROOT', '/pfs')",
    `for name in sorted(os.listdir(root + '/${input}')):`,
    "    print('upper', name)",
    `    open(root + '/out/' + name, 'w').write(open(root + '/${input}/' + name).read().upper())`,
  );

const spec = (name: string, repo: string, cmd: string[], extra: Record<string, unknown> = {}) => ({
  pipeline: { name, project: env.project },
  input: { pfs: { repo, glob: '/*' } },
  transform: { cmd },
  ...extra,
});

async function createRepo(name: string): Promise<void> {
  await api.query('mutation($project: String, $name: String!) { createRepo(project: $project, name: $name) { name } }', { project: env.project, name });
}

/** Puts a file through the HTTP endpoint; returns the commit set of the commit it made. */
async function put(repo: string, path: string, body: string): Promise<string> {
  const url = `${api.url}/v1/pfs/${env.project}/${repo}/master/files/${path.replace(/^\//, '')}`;
  const res = await api.fetch(url, { method: 'PUT', body });
  expect(res.status, await res.clone().text()).toBe(200);
  const { commit } = (await res.json()) as { commit: { id: string } };
  const data = await api.query<{ commit: { commitSet: string } }>('query($id: String!) { commit(id: $id) { commitSet } }', { id: commit.id });
  return data.commit.commitSet;
}

async function read(repo: string, path: string): Promise<string> {
  const res = await api.fetch(`${api.url}/v1/pfs/${env.project}/${repo}/master/files/${path.replace(/^\//, '')}`);
  expect(res.status).toBe(200);
  return res.text();
}

interface JobView {
  jobId: string;
  state: string;
  error: string | null;
  commitSet: string;
  progress: { total: number; processed: number; skipped: number; failed: number; recovered: number };
}

const JOB = 'query($id: String!) { job(id: $id) { jobId state error commitSet progress { total processed skipped failed recovered } } }';
const TERMINAL = ['SUCCESS', 'FAILURE', 'KILLED', 'UNRUNNABLE'];

/** Polls `job(id)` until it ends; returns every distinct (state, progress) seen and the end. */
async function followJob(id: string, timeoutMs = 30_000): Promise<{ seen: JobView[]; job: JobView }> {
  const seen: JobView[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { job } = await api.query<{ job: JobView }>(JOB, { id });
    if (JSON.stringify(seen.at(-1)) !== JSON.stringify(job)) seen.push(job);
    if (TERMINAL.includes(job.state)) return { seen, job };
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.state} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The newest job of a pipeline on a commit set, once it exists. */
async function jobOn(pipeline: string, commitSet: string): Promise<string> {
  const query = 'query($project: String, $pipeline: String) { jobs(project: $project, pipeline: $pipeline, first: 20) { edges { node { jobId commitSet } } } }';
  for (let i = 0; i < 300; i++) {
    const { jobs } = await api.query<{ jobs: { edges: { node: { jobId: string; commitSet: string } }[] } }>(query, { project: env.project, pipeline });
    const found = jobs.edges.find((e) => e.node.commitSet === commitSet);
    if (found) return found.node.jobId;
    await sleep(100);
  }
  throw new Error(`no job of ${pipeline} on commit set ${commitSet}`);
}

const CREATE = `mutation($spec: String!, $update: Boolean, $reprocess: Boolean) {
  createPipeline(spec: $spec, update: $update, reprocess: $reprocess) { created warnings pipeline { id name } job { jobId state } }
}`;

interface CreateResult {
  createPipeline: { created: boolean; warnings: string[]; pipeline: { id: string; name: string }; job: { jobId: string; state: string } | null };
}

describe('a pipeline over GraphQL', () => {
  it('runs a Python transform on put files: job progress, datums, logs, output files, incremental rerun, delete', async () => {
    await createRepo('words');
    await put('words', '/a.txt', 'hello');
    await put('words', '/b.txt', 'world');

    const created = await api.query<CreateResult>(CREATE, { spec: JSON.stringify(spec('upper', 'words', upperCase('words'), { colour: 'blue' })) });
    expect(created.createPipeline).toMatchObject({ created: true, pipeline: { name: 'upper' } });
    expect(created.createPipeline.warnings.join('\n')).toContain('colour');
    const jobId = created.createPipeline.job!.jobId;

    const { seen, job } = await followJob(jobId);
    expect(job).toMatchObject({ state: 'SUCCESS', error: null, progress: { total: 2, processed: 2, skipped: 0, failed: 0, recovered: 0 } });
    // Each poll read the graph afresh: the states seen move forward to the end.
    const order = ['CREATED', 'RUNNING', 'FINISHING', 'SUCCESS'];
    const states = seen.map((s) => order.indexOf(s.state));
    expect(states).toEqual([...states].sort((a, b) => a - b));

    expect(await read('upper', '/a.txt')).toBe('HELLO');
    expect(await read('upper', '/b.txt')).toBe('WORLD');
    const files = await api.query<{ files: { edges: { node: { path: string; commit: { id: string } } }[] } }>(
      'query($ref: String!) { files(ref: $ref) { edges { node { path commit { id } } } } }',
      { ref: `${env.project}/upper@master:/` },
    );
    expect(files.files.edges.map((e) => e.node.path)).toEqual(['/a.txt', '/b.txt']);
    const output = await api.query<{ job: { outputCommit: { id: string; origin: string; commitSet: string } } }>(
      'query($id: String!) { job(id: $id) { outputCommit { id origin commitSet } } }',
      { id: jobId },
    );
    expect(output.job.outputCommit).toMatchObject({ id: files.files.edges[0]!.node.commit.id, origin: 'PIPELINE', commitSet: job.commitSet });

    const datums = await api.query<{ datums: { edges: { node: DatumView }[] } }>(`query($jobId: String!) { datums(jobId: $jobId) { edges { node { ${DATUM} } } } }`, { jobId });
    const byInput = new Map(datums.datums.edges.map((e) => [e.node.inputs[0]?.path, e.node]));
    expect([...byInput.keys()].sort()).toEqual(['/a.txt', '/b.txt']);
    const a = byInput.get('/a.txt')!;
    expect(a).toMatchObject({ state: 'SUCCESS', attempts: 1, error: null, job: { jobId } });
    expect(a.inputs).toEqual([{ repo: `${env.project}/words`, path: '/a.txt', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(a.outputs).toEqual([{ repo: `${env.project}/upper`, path: '/a.txt', hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(a.logs.map((l) => [l.attempt, l.exitCode, l.succeeded, l.lines.map((x) => `${x.stream}:${x.line}`)])).toEqual([[1, 0, true, ['STDOUT:upper a.txt']]]);

    const one = await api.query<{ datum: { id: string; datumKey: string }; datumLogs: { lines: { line: string }[] }[] }>(
      'query($jobId: String!, $key: String!) { datum(jobId: $jobId, datumKey: $key) { id datumKey } datumLogs(jobId: $jobId, datumKey: $key) { lines { line } } }',
      { jobId, key: a.datumKey },
    );
    expect(one.datum.datumKey).toBe(a.datumKey);
    expect(one.datumLogs[0]?.lines.map((l) => l.line)).toEqual(['upper a.txt']);
    const node = await api.query<{ node: { __typename: string; datumKey: string } }>('query($id: ID!) { node(id: $id) { __typename ... on Datum { datumKey } } }', { id: one.datum.id });
    expect(node.node).toEqual({ __typename: 'Datum', datumKey: a.datumKey });

    // A new file: one datum runs, the other two are skipped and their outputs carried.
    const nextSet = await put('words', '/c.txt', 'again');
    const next = await followJob(await jobOn('upper', nextSet));
    expect(next.job).toMatchObject({ state: 'SUCCESS', progress: { total: 3, processed: 1, skipped: 2, failed: 0 } });
    expect(await read('upper', '/c.txt')).toBe('AGAIN');
    const skipped = await api.query<{ datums: { edges: { node: { state: string; sourceJob: { jobId: string } } }[] } }>(
      'query($jobId: String!) { datums(jobId: $jobId, state: SKIPPED) { edges { node { state sourceJob { jobId } } } } }',
      { jobId: next.job.jobId },
    );
    expect(skipped.datums.edges.map((e) => e.node)).toEqual([
      { state: 'SKIPPED', sourceJob: { jobId } },
      { state: 'SKIPPED', sourceJob: { jobId } },
    ]);

    const inspected = await api.query<{ pipeline: PipelineView }>(`query($project: String, $name: String!) { pipeline(project: $project, name: $name) { ${PIPELINE} } }`, {
      project: env.project,
      name: 'upper',
    });
    expect(inspected.pipeline).toMatchObject({
      name: 'upper',
      project: { name: env.project },
      currentVersion: { version: 1, cmd: upperCase('words'), spec: { pipeline: { name: 'upper', project: env.project }, datumTries: 3 } },
      versions: [{ version: 1 }],
      outputRepo: { name: 'upper', kind: 'PIPELINE' },
      lastJob: { jobId: next.job.jobId },
    });
    expect(inspected.pipeline.currentVersion.spec).not.toHaveProperty('colour');
    expect(inspected.pipeline.jobs.edges.map((e) => e.node.jobId)).toEqual([next.job.jobId, jobId]);
    const listed = await api.query<{ pipelines: { edges: { node: { name: string } }[] } }>('query($project: String) { pipelines(project: $project) { edges { node { name } } } }', {
      project: env.project,
    });
    expect(listed.pipelines.edges.map((e) => e.node.name)).toEqual(['upper']);

    const deleted = await api.query<{ deletePipeline: { pipeline: string; killedJobs: string[]; deletedRepos: string[] } }>(
      'mutation($project: String, $name: String!) { deletePipeline(project: $project, name: $name) { pipeline killedJobs deletedRepos } }',
      { project: env.project, name: 'upper' },
    );
    expect(deleted.deletePipeline).toEqual({ pipeline: `${env.project}/upper`, killedJobs: [], deletedRepos: [`${env.project}/upper`] });
    const gone = await api.graphql('query($project: String, $name: String!) { pipeline(project: $project, name: $name) { name } }', { project: env.project, name: 'upper' });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Its jobs stay, for lineage.
    const kept = await api.graphql<{ job: unknown }>('query($id: String!) { job(id: $id) { state pipeline { name } pipelineName pipelineVersion { version pipeline { name } } } }', { id: jobId });
    expect(kept).toEqual({ data: { job: { state: 'SUCCESS', pipeline: null, pipelineName: 'upper', pipelineVersion: { version: 1, pipeline: null } } } });
  });

  it('answers job(id) with the current state and progress while the job runs', async () => {
    await createRepo('batches');
    await put('batches', '/1', 'one');
    await put('batches', '/2', 'two');
    await put('batches', '/3', 'three');
    const slowCopy = python('import os, shutil, time', 'time.sleep(0.6)', "root = os.environ.get('PFS_ROOT', '/pfs')", "for f in os.listdir(root + '/batches'): shutil.copy(root + '/batches/' + f, root + '/out/' + f)");
    const created = await api.query<CreateResult>(CREATE, { spec: JSON.stringify(spec('paced', 'batches', slowCopy)) });
    const { seen, job } = await followJob(created.createPipeline.job!.jobId);
    expect(job).toMatchObject({ state: 'SUCCESS', progress: { total: 3, processed: 3 } });
    // Two worker slots: two datums end, the third still runs, and a poll sees it.
    expect(seen.some((s) => s.state === 'RUNNING' && s.progress.total === 3 && s.progress.processed > 0 && s.progress.processed < 3)).toBe(true);
  });

  it('dry-runs a spec (YAML) before the pipeline exists: the datums it would make, nothing created', async () => {
    await createRepo('photos');
    await put('photos', '/x/1.png', 'one');
    await put('photos', '/x/2.png', 'two');
    await put('photos', '/y/3.png', 'three');
    const yaml = toYaml({ pipeline: { name: 'thumbs', project: env.project }, input: { pfs: { repo: 'photos', glob: '/*' } }, transform: { cmd: ['true'] } });
    const dry = await api.query<{ dryRunDatums: { datumKey: string; inputs: { name: string; repo: string; root: string; files: string[]; commit: string }[] }[] }>(
      'query($spec: String!) { dryRunDatums(spec: $spec) { datumKey hash inputs { name repo branch commit root files } } }',
      { spec: yaml },
    );
    expect(dry.dryRunDatums.map((d) => d.inputs.map((i) => [i.name, i.repo, i.root, i.files]))).toEqual([
      [['photos', `${env.project}/photos`, '/x', ['/x/1.png', '/x/2.png']]],
      [['photos', `${env.project}/photos`, '/y', ['/y/3.png']]],
    ]);
    const none = await api.graphql('query($project: String) { pipeline(project: $project, name: "thumbs") { name } }', { project: env.project });
    expect(none.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a bad spec with INVALID_ARGUMENT naming the field, and a missing input repo with NOT_FOUND', async () => {
    const bad = { pipeline: { name: 'broken', project: env.project }, input: { pfs: { repo: 'words', glob: '' } }, transform: { cmd: ['true'] } };
    const res = await api.graphql(CREATE, { spec: JSON.stringify(bad) });
    expect(res.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(res.errors?.[0]?.message).toContain('input.pfs.glob');
    const dry = await api.graphql('query($spec: String!) { dryRunDatums(spec: $spec) { datumKey } }', { spec: '{"pipeline": {"name": "x"}, "transform": {}}' });
    expect(dry.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
    expect(dry.errors?.[0]?.message).toMatch(/input/);

    const missing = await api.graphql(CREATE, { spec: JSON.stringify(spec('orphan', 'no-such-repo', ['true'])) });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0]?.message).toContain(`${env.project}/no-such-repo`);
  });

  it('reports a failing datum, and stops a running job', async () => {
    await createRepo('inputs');
    await put('inputs', '/only', 'x');
    const failing = python('import sys', "print('bad input', file=sys.stderr)", 'sys.exit(3)');
    const created = await api.query<CreateResult>(CREATE, { spec: JSON.stringify(spec('fails', 'inputs', failing, { datumTries: 2 })) });
    const { job } = await followJob(created.createPipeline.job!.jobId);
    expect(job).toMatchObject({ state: 'FAILURE', progress: { total: 1, failed: 1, processed: 0 } });
    expect(job.error).toBeTruthy();
    const failed = await api.query<{ datums: { edges: { node: DatumView }[] } }>(`query($jobId: String!) { datums(jobId: $jobId, state: FAILED) { edges { node { ${DATUM} } } } }`, {
      jobId: job.jobId,
    });
    const [datum] = failed.datums.edges.map((e) => e.node);
    expect(datum).toMatchObject({ state: 'FAILED', attempts: 2 });
    expect(datum!.logs.map((l) => [l.attempt, l.exitCode, l.lines.map((x) => `${x.stream}:${x.line}`)])).toEqual([
      [1, 3, ['STDERR:bad input']],
      [2, 3, ['STDERR:bad input']],
    ]);

    const slow = await api.query<CreateResult>(CREATE, { spec: JSON.stringify(spec('slow', 'inputs', ['sleep', '30'])) });
    const slowId = slow.createPipeline.job!.jobId;
    for (let i = 0; i < 200 && (await api.query<{ job: JobView }>(JOB, { id: slowId })).job.state !== 'RUNNING'; i++) await sleep(50);
    const stopped = await api.query<{ stopJob: { state: string } }>('mutation($id: String!) { stopJob(id: $id) { state } }', { id: slowId });
    expect(stopped.stopJob.state).toBe('KILLED');
    const unknown = await api.graphql(JOB, { id: '0'.repeat(32) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const noDatums = await api.graphql('query($jobId: String!) { datums(jobId: $jobId) { edges { node { datumKey } } } }', { jobId: '0'.repeat(32) });
    expect(noDatums.errors?.[0]).toMatchObject({ message: `job ${'0'.repeat(32)} does not exist`, extensions: { code: 'NOT_FOUND' } });
  });

  it('lists model versions: a new content supersedes the current one', async () => {
    await createRepo('samples');
    await put('samples', '/s1', '1');
    const train = python(
      'import os',
      "root = os.environ.get('PFS_ROOT', '/pfs')",
      "os.makedirs(root + '/out/model', exist_ok=True)",
      "open(root + '/out/model/weights.txt', 'w').write(','.join(sorted(os.listdir(root + '/samples'))))",
    );
    const trainSpec = { ...spec('trainer', 'samples', train), input: { pfs: { repo: 'samples', glob: '/' } }, model: { name: 'ranker', path: '/model' } };
    const created = await api.query<CreateResult>(CREATE, { spec: JSON.stringify(trainSpec) });
    const first = await followJob(created.createPipeline.job!.jobId);
    expect(first.job.state).toBe('SUCCESS');
    const second = await followJob(await jobOn('trainer', await put('samples', '/s2', '2')));
    expect(second.job.state).toBe('SUCCESS');

    const models = await api.query<{ models: { edges: { node: { name: string; path: string; pipeline: { name: string }; currentVersion: { version: number } } }[] } }>(
      'query($project: String) { models(project: $project) { edges { node { name path pipeline { name } currentVersion { version } } } } }',
      { project: env.project },
    );
    expect(models.models.edges.map((e) => e.node)).toEqual([{ name: 'ranker', path: '/model', pipeline: { name: 'trainer' }, currentVersion: { version: 2 } }]);
    const versions = await api.query<{ modelVersions: { version: number; state: string; trainingJob: { jobId: string }; supersededBy: { version: number } | null; commit: { origin: string } }[] }>(
      'query($project: String) { modelVersions(project: $project, name: "ranker") { version state trainingJob { jobId } supersededBy { version } commit { origin } } }',
      { project: env.project },
    );
    expect(versions.modelVersions).toEqual([
      { version: 2, state: 'CURRENT', trainingJob: { jobId: second.job.jobId }, supersededBy: null, commit: { origin: 'PIPELINE' } },
      { version: 1, state: 'SUPERSEDED', trainingJob: { jobId: first.job.jobId }, supersededBy: { version: 2 }, commit: { origin: 'PIPELINE' } },
    ]);
  });

  it("needs read on the job's project to see it, and write to create a pipeline there", async () => {
    await createRepo('guarded');
    await put('guarded', '/g', 'g');
    const created = await api.query<CreateResult>(CREATE, { spec: JSON.stringify(spec('guard', 'guarded', ['true'])) });
    const jobId = created.createPipeline.job!.jobId;
    const outsider = await api.mintToken([{ role: 'admin', project: 'elsewhere' }]);
    const reader = await api.mintToken([{ role: 'reader', project: env.project }]);

    const hidden = await api.graphql(JOB, { id: jobId }, { token: outsider.token });
    expect(hidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const datums = await api.graphql('query($jobId: String!) { datums(jobId: $jobId) { edges { node { datumKey } } } }', { jobId }, { token: outsider.token });
    expect(datums.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const jobs = await api.graphql<{ jobs: { edges: unknown[] } }>('{ jobs(first: 1000) { edges { node { jobId pipelineName } } } }', {}, { token: outsider.token });
    expect(jobs.data?.jobs.edges).toEqual([]);

    const seen = await api.graphql<{ job: { jobId: string } }>(JOB, { id: jobId }, { token: reader.token });
    expect(seen.data?.job.jobId).toBe(jobId);
    const write = await api.graphql(CREATE, { spec: JSON.stringify(spec('guard2', 'guarded', ['true'])) }, { token: reader.token });
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const stop = await api.graphql('mutation($id: String!) { stopJob(id: $id) { state } }', { id: jobId }, { token: reader.token });
    expect(stop.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await api.graphql(JOB, { id: jobId }, { token: null });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

const DATUM = 'id datumKey state attempts error job { jobId } inputs { repo path hash } outputs { repo path hash } logs { attempt exitCode succeeded lines { stream line } }';

interface DatumView {
  id: string;
  datumKey: string;
  state: string;
  attempts: number;
  error: string | null;
  job: { jobId: string };
  inputs: { repo: string; path: string; hash: string }[];
  outputs: { repo: string; path: string; hash: string }[];
  logs: { attempt: number; exitCode: number | null; succeeded: boolean; lines: { stream: string; line: string }[] }[];
}

const PIPELINE = `name project { name } description currentVersion { version specHash cmd spec } versions { version }
  outputRepo { name kind } lastJob { jobId } jobs(first: 10) { edges { node { jobId } } }`;

interface PipelineView {
  name: string;
  currentVersion: { version: number; spec: Record<string, unknown> };
  jobs: { edges: { node: { jobId: string } }[] };
}
