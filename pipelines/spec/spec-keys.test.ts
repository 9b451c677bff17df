import { describe, expect, it } from 'vitest';
import type { SpecProblem } from './spec-problems.js';
import { normaliseSpecKeys, toCamelCase } from './spec-keys.js';

describe('toCamelCase', () => {
  it.each([
    ['join_on', 'joinOn'],
    ['parallelism_spec', 'parallelismSpec'],
    ['s3_out', 's3Out'],
    ['datum_tries', 'datumTries'],
    ['joinOn', 'joinOn'],
    ['glob', 'glob'],
  ])('%s → %s', (key, camel) => expect(toCamelCase(key)).toBe(camel));
});

describe('normaliseSpecKeys', () => {
  it('renames keys at every depth, in arrays too', () => {
    const problems: SpecProblem[] = [];
    const out = normaliseSpecKeys({ input: { join: [{ pfs: { join_on: '$1', outer_join: true } }] }, datum_tries: 2 }, problems);
    expect(out).toEqual({ input: { join: [{ pfs: { joinOn: '$1', outerJoin: true } }] }, datumTries: 2 });
    expect(problems).toEqual([]);
  });

  it('keeps the keys of user maps such as transform.env', () => {
    const out = normaliseSpecKeys({ transform: { env: { LOG_LEVEL: 'x', my_var: 'y' } } }, []);
    expect(out).toEqual({ transform: { env: { LOG_LEVEL: 'x', my_var: 'y' } } });
  });

  it('drops null values, which mean "not set"', () => {
    expect(normaliseSpecKeys({ description: null, salt: 'x' }, [])).toEqual({ salt: 'x' });
  });

  it('flattens project: {name} to the name', () => {
    expect(normaliseSpecKeys({ pipeline: { name: 'p', project: { name: 'vision' } } }, [])).toEqual({
      pipeline: { name: 'p', project: 'vision' },
    });
  });

  it('reports a key given in both spellings', () => {
    const problems: SpecProblem[] = [];
    normaliseSpecKeys({ input: { pfs: { join_on: '$1', joinOn: '$2' } } }, problems);
    expect(problems).toEqual([{ path: 'input.pfs.joinOn', message: 'given twice, as "join_on" and "joinOn"' }]);
  });
});
