import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { NotFoundError } from '../../core/errors.js';
import { createGraphClient } from '../graph-client.js';
import { seedTrainingChain, type PipelineRun, type TrainingChain } from '../../test/support/training-chain.js';
import { createNeo4jJobGraph, createNeo4jModelGraph, jobId, type ModelVersionRecord } from '../pipelines/index.js';
import { createNeo4jDecisionGraph } from './decision-graph.js';
import { newDecisionId, pipelineDecisionId, type NewDecision } from './decision-records.js';
import { createNeo4jSubjectGraph } from './subject-graph.js';

const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
const jobs = createNeo4jJobGraph(graph);
const models = createNeo4jModelGraph(graph);
const decisions = createNeo4jDecisionGraph(graph);
const subjects = createNeo4jSubjectGraph(graph);

let chain: TrainingChain;
let project: string;
let u: TrainingChain['subject'];
let file: TrainingChain['file'];
let features: PipelineRun;
let training: PipelineRun;
let model: ModelVersionRecord;

const decision = (over: Partial<NewDecision> = {}): NewDecision => ({
  id: newDecisionId(),
  modelVersionId: model.id,
  subjectId: u(1),
  input: { income: 1200 },
  output: { approved: false },
  explanation: { income: -0.7 },
  madeAt: new Date().toISOString(),
  source: 'api',
  ...over,
});

beforeAll(async () => {
  chain = await seedTrainingChain(graph);
  ({ project, subject: u, file, features, training, model } = chain);
});

afterAll(async () => {
  await chain?.close();
  await graph.close();
});

describe('decision graph (real Neo4j)', () => {
  it('records a decision about a subject, made by a model version, and reads it back', async () => {
    const d = decision({ subjectId: u(9) });
    const recorded = await decisions.record(d);
    expect(recorded).toEqual({ ...d, flagged: false, flaggedByErasure: null, datumId: null });
    expect(await subjects.findSubjects([u(9), u(404)])).toEqual([{ id: u(9) }]);
    expect(await decisions.findDecision('no-such-decision')).toBeNull();
    await expect(decisions.getDecision('no-such-decision')).rejects.toThrow(NotFoundError);
  });

  it('records a batch all or nothing: an unknown model version is NOT_FOUND naming it and where', async () => {
    const batch = [decision(), decision({ modelVersionId: `${project}/scorer@${'0'.repeat(32)}` }), decision()];
    const err = await decisions.recordBatch(batch).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ message: `model version ${project}/scorer@${'0'.repeat(32)} does not exist`, details: { index: 1 } });
    expect(await decisions.getDecisions(batch.map((d) => d.id))).toEqual([]);
  });

  it('records 5,000 decisions in a bounded number of queries and pages them by id', async () => {
    const batch = Array.from({ length: 5_000 }, (_, i) => decision({ subjectId: u(100 + (i % 50)) }));
    const before = graph.queryCount;
    expect(await decisions.recordBatch(batch)).toEqual({ recorded: 5_000 });
    expect(graph.queryCount - before).toBeLessThanOrEqual(6);
    expect(await decisions.recordBatch(batch.slice(0, 10))).toEqual({ recorded: 0 });

    const ids = batch.filter((d) => d.subjectId === u(100)).map((d) => d.id).sort();
    const first = await decisions.listDecisions({ subjectId: u(100), limit: 60 });
    const second = await decisions.listDecisions({ subjectId: u(100), limit: 60, after: first.at(-1)!.id });
    expect([...first, ...second].map((d) => d.id)).toEqual(ids);
    const byModel = await decisions.listDecisions({ modelVersionId: model.id, limit: 10_000 });
    expect(byModel.length).toBeGreaterThanOrEqual(5_000);
    expect(byModel.map((d) => d.id)).toEqual(byModel.map((d) => d.id).sort());
    expect(await decisions.listDecisions({ subjectId: u(100), projects: ['elsewhere'] })).toEqual([]);
  });

  it('explains a decision in one statement: model, job, pipeline, commits, records and the subjects upstream of derived records', async () => {
    const d = decision({ subjectId: u(2) });
    await decisions.record(d);
    // The first explanation of a model version computes its training summary and keeps it;
    // the next reads it: one statement.
    const first = await decisions.explainDecision(d.id);
    const before = graph.queryCount;
    const e = await decisions.explainDecision(d.id);
    expect(graph.queryCount - before).toBe(1);
    expect({ ...e, trainingRecords: { ...e.trainingRecords } }).toEqual(first);
    expect(e.decision).toMatchObject({ id: d.id, explanation: { income: -0.7 } });
    expect(e.modelVersion).toMatchObject({ id: model.id, version: 1 });
    expect(e.trainingJob?.id).toBe(training.job.id);
    expect(e.pipelineVersion).toMatchObject({ id: training.version.id, image: 'stemma/train:1', cmd: ['python3', 'train.py'], specHash: 'spec-train' });
    expect(e.trainingCommits.map((c) => c.id)).toEqual([features.output.id]);
    expect(e.trainingRecords.count).toBe(3);
    expect(e.trainingRecords.sample.map((f) => f.path)).toEqual(['/f0.json', '/f1.json', '/f2.json']);
    // Three records of two subjects, reached through the features pipeline.
    expect(e.subjectsCount).toBe(2);
    expect(e.datum).toBeNull();
    await expect(decisions.explainDecision('no-such-decision')).rejects.toThrow(NotFoundError);
  });

  it("finds a skipped training datum's records through the job that ran it", async () => {
    const set = randomUUID().replaceAll('-', '');
    const { job } = await jobs.createJob({
      id: jobId(training.version.id, set),
      pipelineId: training.version.pipelineId,
      pipelineVersionId: training.version.id,
      pipelineVersion: 1,
      commitSet: set,
      state: 'created',
      inputs: [{ project, repo: 'features', branch: 'master', commitId: features.output.id }],
    });
    await jobs.startJob(job.id, { total: 1, batches: 0, parentJobId: training.job.id, skipped: [{ datumKey: 'all', hash: 'dh-all', sourceJobId: training.job.id }] });
    const output = await chain.commit('train', [file('train', '/model/weights.bin', 'h2')], [features.output.id]);
    const { version } = await models.recordVersion({
      modelId: `${project}/scorer`,
      project,
      name: 'scorer',
      path: '/model',
      commitId: output.id,
      jobId: job.id,
      contentHash: 'c2',
      files: [file('train', '/model/weights.bin', 'h2')],
    });
    expect(await decisions.summarizeTraining([version.id, version.id])).toBe(1);
    expect(await decisions.summarizeTraining([version.id])).toBe(0);
    const e = await decisions.explainModel(version.id);
    expect(e).toMatchObject({ trainingJob: { id: job.id }, trainingRecords: { count: 3 }, subjectsCount: 2, supersededBy: null, decisionsCount: 0 });

    const old = await decisions.explainModel(model.id);
    expect(old.supersededBy?.id).toBe(version.id);
    expect(old.supersededByErasure).toBeNull();
    expect(old.decisionsCount).toBeGreaterThanOrEqual(5_002);
    expect(await decisions.currentModelVersion(`${project}/scorer`)).toMatchObject({ id: version.id });
    const refs = await decisions.resolveModelVersions([`${project}/scorer@1`, version.id, `${project}/scorer@9`]);
    expect([...refs].map(([ref, mv]) => [ref, mv.version])).toEqual([
      [`${project}/scorer@1`, 1],
      [version.id, 2],
    ]);
  });

  it('links decisions a datum wrote to it, and finds the decision files and the model version the datum read', async () => {
    const scoring = await chain.runPipeline('scoring', training.output, [
      { key: 's1', inputs: [file('train', '/model/weights.bin'), file('applicants', '/applicants.csv/0000000000000001')], outputs: [file('scoring', '/decisions/s1.jsonl'), file('scoring', '/other.txt')] },
    ]);
    const datumId = `${scoring.job.id}.s1`;
    expect(await decisions.decisionFilesOfJob(scoring.job.id, '/decisions')).toEqual([{ datumId, repoId: `${project}/scoring`, path: '/decisions/s1.jsonl', hash: 'h-/decisions/s1.jsonl' }]);
    const read = await decisions.modelVersionsReadBy(`${project}/scorer`, [datumId]);
    expect(read.get(datumId)?.id).toBe(model.id);

    const d = decision({ id: pipelineDecisionId(datumId, '/decisions/s1.jsonl', 1), source: 'pipeline', datumId, subjectId: u(2) });
    await decisions.recordBatch([d]);
    const e = await decisions.explainDecision(d.id);
    expect(e.datum).toMatchObject({ id: datumId, jobId: scoring.job.id });
    expect(e.decision).toMatchObject({ source: 'pipeline', datumId });
    const missing = await decisions.recordBatch([decision({ datumId: 'no-such-job.x' })]).catch((err: unknown) => err);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', message: 'datum no-such-job.x does not exist' });
  });

  it('lists the file versions tagged with a subject, paged by id and filtered by project', async () => {
    const tagged = await subjects.fileVersionsOfSubject(u(1));
    expect(tagged.map((f) => f.path).sort()).toEqual(['/applicants.csv/0000000000000000', '/applicants.csv/0000000000000002']);
    const page = await subjects.fileVersionsOfSubject(u(1), { limit: 1, after: tagged[0]!.id });
    expect(page.map((f) => f.id)).toEqual([tagged[1]!.id]);
    expect(await subjects.fileVersionsOfSubject(u(1), { projects: ['elsewhere'] })).toEqual([]);
  });
});
