import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { formatCsvRow } from './csv-row.js';

describe('formatCsvRow', () => {
  it.each([
    [['a', 'b'], 'a,b\n'],
    [['a, b', 'c'], '"a, b",c\n'],
    [['say "hi"'], '"say ""hi"""\n'],
    [['two\nlines', 'x'], '"two\nlines",x\n'],
    [['cr\rinside'], '"cr\rinside"\n'],
    [['', ''], ',\n'],
    [[''], '""\n'],
    [[' padded '], ' padded \n'],
    [['é', '日本'], 'é,日本\n'],
  ])('%j → %j', (fields, expected) => {
    expect(formatCsvRow(fields)).toBe(expected);
  });

  it('reads back as the same fields', () => {
    const rows = [['a, b', 'say "hi"', 'two\r\nlines', '', ' x '], [''], ['""', ',', '\n']];
    for (const fields of rows) {
      expect(parse(formatCsvRow(fields), { skip_empty_lines: true })).toEqual([fields]);
    }
  });
});
