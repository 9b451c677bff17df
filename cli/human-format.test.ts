import { describe, expect, it } from 'vitest';
import { cell, formatAge, formatBytes, formatRate } from './human-format.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1.2 * 1024 * 1024, '1.2 MiB'],
    [150 * 1024 * 1024, '150 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
    [5 * 1024 ** 4, '5.0 TiB'],
    [-1, '-'],
    [Number.NaN, '-'],
  ])('%d → %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
});

describe('formatAge', () => {
  const now = new Date('2025-06-01T12:00:00Z');
  it.each([
    ['2025-06-01T12:00:00Z', 'just now'],
    ['2025-06-01T11:59:55Z', '5 seconds ago'],
    ['2025-06-01T11:59:00Z', '1 minute ago'],
    ['2025-06-01T11:57:00Z', '3 minutes ago'],
    ['2025-06-01T09:00:00Z', '3 hours ago'],
    ['2025-05-31T12:00:00Z', '1 day ago'],
    ['2025-05-20T12:00:00Z', '12 days ago'],
    ['2025-01-02T03:04:05Z', '2025-01-02 03:04Z'],
    ['2025-06-02T12:00:00Z', '2025-06-02 12:00Z'],
  ])('%s → %s', (iso, text) => {
    expect(formatAge(iso, now)).toBe(text);
  });

  it('shows a missing time as "-" and an unreadable one as given', () => {
    expect(formatAge(null, now)).toBe('-');
    expect(formatAge('yesterday', now)).toBe('yesterday');
  });
});

describe('formatRate and cell', () => {
  it('writes rates per second', () => {
    expect(formatRate(3 * 1024 * 1024, 'bytes')).toBe('3.0 MiB/s');
    expect(formatRate(120.4, 'files')).toBe('120 files/s');
    expect(formatRate(Infinity, 'files')).toBe('-');
  });

  it('keeps a cell on one line and shortens it', () => {
    expect(cell('a\nb   c')).toBe('a b c');
    expect(cell('x'.repeat(60), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(cell(undefined)).toBe('');
  });
});
