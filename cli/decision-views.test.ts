import { describe, expect, it } from 'vitest';
import { decisionExplanationFields, decisionExplanationView, modelExplanationFields, modelExplanationView, type DecisionExplanationNode } from './decision-views.js';

const mv = (version: number, state = 'CURRENT') => ({ version, state, model: { name: 'loan-model', project: { name: 'risk' } } });
const training = {
  modelVersion: mv(2),
  trainingJob: { jobId: 'a'.repeat(32), pipelineName: 'train', project: 'risk' },
  pipelineVersion: { version: 3, image: 'python:3.12', cmd: ['python3', '/train.py'], specHash: 'f'.repeat(64) },
  trainingCommits: [{ id: 'c'.repeat(32), repo: { name: 'features', project: { name: 'risk' } } }],
  trainingRecords: { count: 1200, sample: [{ repo: 'risk/features', path: '/0.json' }, { repo: 'risk/features', path: '/1.json' }, { repo: 'risk/features', path: '/2.json' }] },
  subjectsCount: 800,
};
const explained: DecisionExplanationNode = {
  ...training,
  decision: {
    decisionId: 'd-1',
    subjectId: 'alice',
    modelVersion: mv(2),
    input: { income: 42000 },
    output: { approved: false },
    explanation: null,
    madeAt: '2025-01-02T03:04:05.000Z',
    source: 'PIPELINE',
    flagged: true,
    flaggedByErasure: 'e-9',
  },
  datum: { datumKey: 'k1', job: { jobId: 'b'.repeat(32) } },
};

describe('decision views', () => {
  it('flattens an explanation for --json', () => {
    expect(decisionExplanationView(explained)).toMatchObject({
      decision: { decisionId: 'd-1', modelVersion: 'risk/loan-model@2', source: 'pipeline' },
      datum: `${'b'.repeat(32)}.k1`,
      modelVersion: 'risk/loan-model@2',
      modelVersionState: 'current',
      pipeline: 'risk/train',
      cmd: ['python3', '/train.py'],
      trainingCommits: [`risk/features@${'c'.repeat(32)}`],
      trainingRecords: 1200,
      subjects: 800,
    });
  });

  it('reads as a summary: decision, model version, training job, pipeline, commits, records and subjects', () => {
    const fields = new Map(decisionExplanationFields(decisionExplanationView(explained)));
    expect(fields.get('Subject')).toBe('alice');
    expect(fields.get('Source')).toBe(`pipeline (datum ${'b'.repeat(32)}.k1)`);
    expect(fields.get('Explanation')).toBe('none recorded');
    expect(fields.get('Flagged')).toBe('by erasure e-9');
    expect(fields.get('Model version')).toBe('risk/loan-model@2 (current)');
    expect(fields.get('Training job')).toBe(`${'a'.repeat(32)} (pipeline risk/train, version 3)`);
    expect(fields.get('Command')).toBe('python3 /train.py');
    expect(fields.get('Training records')).toBe('1200 (e.g. risk/features:/0.json, risk/features:/1.json, ...)');
    expect(fields.get('Subjects covered')).toBe(800);
  });

  it('says what superseded a model version, and whether an erasure did', () => {
    const view = modelExplanationView({ ...training, modelVersion: mv(1, 'SUPERSEDED'), decisionsCount: 7, supersededBy: mv(2), supersededByErasure: true, supersededByErasureId: 'e-9' });
    const fields = new Map(modelExplanationFields(view));
    expect(fields.get('Superseded by')).toBe('risk/loan-model@2 (erasure e-9)');
    expect(fields.get('Decisions')).toBe(7);
    expect(view).toMatchObject({ supersededByErasure: true, erasure: 'e-9', modelVersionState: 'superseded' });
  });
});
