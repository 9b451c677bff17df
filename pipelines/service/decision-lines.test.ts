import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../core/errors.js';
import { parseDecisionLines } from './decision-lines.js';

const line = (v: unknown) => JSON.stringify(v);

describe('parseDecisionLines', () => {
  it('reads one decision per line, numbering lines from 1 and skipping blank ones', () => {
    const text = [
      line({ subjectId: 'u1', input: { income: 10 }, output: { approved: true }, explanation: { income: 0.4 } }),
      '',
      line({ subjectId: 'u2', input: [1, 2], output: 0.3, madeAt: '2024-05-01T12:00:00+02:00' }),
      '',
    ].join('\n');
    expect(parseDecisionLines(text, 'scores:/decisions/a.jsonl')).toEqual([
      { line: 1, entry: { subjectId: 'u1', input: { income: 10 }, output: { approved: true }, explanation: { income: 0.4 }, madeAt: undefined } },
      { line: 3, entry: { subjectId: 'u2', input: [1, 2], output: 0.3, explanation: null, madeAt: '2024-05-01T10:00:00.000Z' } },
    ]);
  });

  it.each([
    ['{"subjectId": "u1", "input": 1', 'decisions file f.jsonl line 2: not valid JSON'],
    [line({ subjectId: '', input: 1, output: 2 }), 'decisions file f.jsonl line 2: subjectId: must be a non-empty string'],
    [line({ subjectId: 'u', input: 1 }), 'decisions file f.jsonl line 2: output: is required'],
    [line({ subject_id: 'u', input: 1, output: 1 }), 'decisions file f.jsonl line 2: subject_id: is not a decision field'],
    [line([1, 2]), 'decisions file f.jsonl line 2: must be a JSON object'],
    [line({ subjectId: 'u', input: 1, output: 1, madeAt: 'yesterday' }), 'decisions file f.jsonl line 2: madeAt: must be an ISO 8601 time'],
  ])('names the file and line of a bad decision: %s', (bad, message) => {
    const text = `${line({ subjectId: 'ok', input: 1, output: 1 })}\n${bad}\n`;
    const err = (() => {
      try {
        parseDecisionLines(text, 'f.jsonl');
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toContain(message);
    expect((err as InvalidArgumentError).details).toMatchObject({ file: 'f.jsonl', line: 2 });
  });
});
