import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { checkDecisionEntries, checkDecisionEntry, MAX_DECISION_JSON_BYTES } from './decision-entry.js';
import { parseModelVersionRef, projectOfModelVersionRef } from './model-version-ref.js';

const ok = { subjectId: 'u1', input: { a: 1 }, output: { b: false } };

describe('checkDecisionEntry', () => {
  it('accepts a decision, defaulting the explanation to null and normalising madeAt', () => {
    expect(checkDecisionEntry(ok)).toEqual({ ok: true, entry: { ...ok, explanation: null, madeAt: undefined } });
    expect(checkDecisionEntry({ ...ok, explanation: { a: -0.2 }, madeAt: new Date('2024-01-02T03:04:05Z') })).toMatchObject({
      ok: true,
      entry: { explanation: { a: -0.2 }, madeAt: '2024-01-02T03:04:05.000Z' },
    });
    expect(checkDecisionEntry({ ...ok, input: 0, output: '' }).ok).toBe(true);
  });

  it('names the field at fault', () => {
    expect(checkDecisionEntry({ ...ok, subjectId: '  ' })).toMatchObject({ ok: false, field: 'subjectId' });
    expect(checkDecisionEntry({ ...ok, subjectId: 'x'.repeat(513) })).toMatchObject({ ok: false, field: 'subjectId', problem: 'must be at most 512 characters' });
    expect(checkDecisionEntry({ ...ok, input: null })).toMatchObject({ ok: false, field: 'input' });
    expect(checkDecisionEntry({ ...ok, explanation: 'x'.repeat(MAX_DECISION_JSON_BYTES) })).toMatchObject({ ok: false, field: 'explanation' });
    expect(checkDecisionEntry({ ...ok, colour: 'blue' })).toMatchObject({ ok: false, field: 'colour' });
    expect(checkDecisionEntry({ ...ok, modelVersion: 'm@1' }, ['modelVersion']).ok).toBe(true);
    expect(checkDecisionEntry('text')).toMatchObject({ ok: false, field: '' });
  });

  it('checks a batch, naming the index and the field of the first bad decision', () => {
    expect(checkDecisionEntries([ok, ok], (i) => `inputs[${i}]`)).toHaveLength(2);
    const bad = () => checkDecisionEntries([ok, ok, { ...ok, output: undefined }], (i) => `inputs[${i}]`);
    expect(bad).toThrow(InvalidArgumentError);
    expect(bad).toThrow('inputs[2].output: is required (any JSON value but null)');
  });
});

describe('parseModelVersionRef', () => {
  it('reads a version by number or by id, the project defaulting to default', () => {
    const commit = 'c32879ae0e6f4b629a43429b7ec10ccc';
    expect(parseModelVersionRef('risk/loan@3')).toEqual({ ref: 'risk/loan@3', modelId: 'risk/loan', version: 3 });
    expect(parseModelVersionRef('loan@12')).toEqual({ ref: 'loan@12', modelId: 'default/loan', version: 12 });
    expect(parseModelVersionRef(`risk/loan@${commit}`)).toEqual({ ref: `risk/loan@${commit}`, id: `risk/loan@${commit}` });
    expect(projectOfModelVersionRef(`risk/loan@${commit}`)).toBe('risk');
    expect(projectOfModelVersionRef('loan@1')).toBe('default');
  });

  it('refuses anything else, saying how to write one', () => {
    for (const bad of ['loan', 'loan@', 'loan@0', 'a/b/c@1', 'loan@latest', 'loan@C32879AE0E6F4B629A43429B7EC10CCC']) {
      expect(() => parseModelVersionRef(bad)).toThrow(/write project\/name@<version number>/);
    }
  });
});
