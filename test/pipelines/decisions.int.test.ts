/**
 * A pipeline that records decisions (`decisions: {path, model}`) on the real stack: a trainer
 * makes model versions from subject-tagged records, a scoring pipeline crosses the model with
 * each record and writes one decision per record; each is recorded against the model version
 * its datum read and linked to that datum.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNeo4jDecisionGraph, type DecisionRecord } from '../../graph-schema/decisions/index.js';
import { pipelineEnv, type PipelineEnv } from '../support/pipeline-env.js';

let env: PipelineEnv;
const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];
const subject = (n: number) => `${env.project}-s${n}`;
const decisions = () => createNeo4jDecisionGraph(env.runtime.graph);
/** Three records of two subjects (a split replaces the records' directory when put again). */
const CSV_OF = () => `user_id,income\n${subject(1)},30\n${subject(2)},70\n${subject(1)},55\n`;

const spec = (name: string, input: unknown, cmd: string[], extra: Record<string, unknown> = {}) => ({ pipeline: { name, project: env.project }, input, transform: { cmd }, ...extra });

const train = python(
  'import os',
  "root = os.environ.get('PFS_ROOT', '/pfs')",
  "n = sum(len(files) for _, _, files in os.walk(root + '/applicants'))",
  "os.makedirs(root + '/out/model', exist_ok=True)",
  "open(root + '/out/model/weights.txt', 'w').write('trained on %d records' % n)",
);

/** One decision per record of the datum, in `/pfs/out/decisions/<datum>.jsonl`; `extra` lines appended as they are. */
const score = (...extra: string[]) =>
  python(
    'import csv, json, os',
    "root = os.environ.get('PFS_ROOT', '/pfs')",
    "weights = open(root + '/trainer/model/weights.txt').read()",
    "os.makedirs(root + '/out/decisions', exist_ok=True)",
    "out = open(root + '/out/decisions/' + os.environ['PACH_DATUM_ID'][:12] + '.jsonl', 'w')",
    "for base, _, files in os.walk(root + '/applicants'):",
    '    for f in files:',
    '        for row in csv.DictReader(open(os.path.join(base, f))):',
    "            income = int(row['income'])",
    "            out.write(json.dumps({'subjectId': row['user_id'], 'input': {'income': income}, 'output': {'approved': income > 50, 'model': weights}, 'explanation': {'income': 1.0}}) + '\\n')",
    ...extra.map((line) => `out.write(${JSON.stringify(`${line}\n`)})`),
  );

const scoringInput = { cross: [{ pfs: { repo: 'trainer', glob: '/model' } }, { pfs: { repo: 'applicants', glob: '/applicants.csv/*' } }] };

async function putRecords(path: string, csv: string): Promise<string> {
  const commit = await env.runtime.pfs.write({ project: env.project, repo: 'applicants', branch: 'master' }, async (w) => {
    await w.putRecords(path, Buffer.from(csv), { format: 'csv', subjectField: 'user_id' });
  });
  return commit.commitSet;
}

/** Every decision of a model version (a test makes few). */
async function decisionsOf(modelVersionId: string): Promise<DecisionRecord[]> {
  return decisions().listDecisions({ modelVersionId, limit: 10_000 });
}

beforeAll(async () => {
  env = await pipelineEnv();
  await env.createRepo('applicants');
  await putRecords('/applicants.csv', CSV_OF());
  const trainer = await env.engine.service.createPipeline(spec('trainer', { pfs: { repo: 'applicants', glob: '/' } }, train, { model: { name: 'scorer', path: '/model' } }));
  expect((await env.engine.service.waitJob(trainer.job!.id, 60_000)).state).toBe('success');
}, 120_000);

afterAll(async () => {
  await env?.close();
});

describe('a pipeline that records decisions', () => {
  it('records each decision line against the model version its datum read, linked to the datum', async () => {
    const svc = env.engine.service;
    const created = await svc.createPipeline(spec('scoring', scoringInput, score(), { decisions: { path: '/decisions', model: 'scorer' } }));
    const job = await svc.waitJob(created.job!.id, 60_000);
    expect(job.state, job.error ?? '').toBe('success');
    const [v1] = await svc.listModelVersions(env.project, 'scorer');
    const recorded = await decisionsOf(v1!.id);
    expect(recorded.map((d) => d.subjectId).sort()).toEqual([subject(1), subject(1), subject(2)]);
    expect(recorded.every((d) => d.source === 'pipeline' && d.datumId?.startsWith(`${job.id}.`))).toBe(true);
    expect(recorded.find((d) => d.subjectId === subject(2))).toMatchObject({ input: { income: 70 }, output: { approved: true, model: 'trained on 3 records' }, explanation: { income: 1 } });

    const e = await decisions().explainDecision(recorded[0]!.id);
    expect(e.datum).toMatchObject({ id: recorded[0]!.datumId, jobId: job.id });
    expect(e).toMatchObject({ modelVersion: { id: v1!.id }, trainingRecords: { count: 3 }, subjectsCount: 2 });

    // A new record: the trainer makes version 2, and every scoring datum (its model changed) decides again with it.
    const set = await putRecords('/applicants.csv', `${CSV_OF()}${subject(3)},90\n`);
    const next = await env.jobOn('scoring', set, 60_000);
    expect(next.state, next.error ?? '').toBe('success');
    const [v2] = await svc.listModelVersions(env.project, 'scorer');
    expect(v2!.version).toBe(2);
    const again = await decisionsOf(v2!.id);
    expect(again.map((d) => d.subjectId).sort()).toEqual([subject(1), subject(1), subject(2), subject(3)]);
    expect(again.every((d) => d.datumId?.startsWith(`${next.id}.`) && (d.output as { model: string }).model === 'trained on 4 records')).toBe(true);
    expect(await decisionsOf(v1!.id)).toHaveLength(3);
  });

  it('fails the job on a malformed decision line, naming the file and the line', async () => {
    const svc = env.engine.service;
    const created = await svc.createPipeline(spec('bad-scoring', scoringInput, score('{"subjectId": "x", "input": 1'), { decisions: { path: '/decisions', model: 'scorer' } }));
    const job = await svc.waitJob(created.job!.id, 60_000);
    expect(job.state).toBe('failure');
    expect(job.error).toMatch(new RegExp(`decisions file ${env.project}/bad-scoring:/decisions/[0-9a-f]{12}\\.jsonl line 2: not valid JSON`));
    // Checked before the output commit: nothing of the failed job landed.
    expect((await env.runtime.pfs.deps.repos.findBranch(env.project, 'bad-scoring', 'master'))?.head ?? null).toBeNull();
  });

  it('fails the job when the model named has no version', async () => {
    const svc = env.engine.service;
    const created = await svc.createPipeline(spec('orphan-scoring', scoringInput, score(), { decisions: { path: '/decisions', model: 'no-such-model' } }));
    const job = await svc.waitJob(created.job!.id, 60_000);
    expect(job.state).toBe('failure');
    expect(job.error).toContain(`decisions.model ${env.project}/no-such-model has no version`);
    expect((await env.runtime.pfs.deps.repos.findBranch(env.project, 'orphan-scoring', 'master'))?.head ?? null).toBeNull();
  });
});
