import { describe, expect, it } from 'vitest';
import { parseTimeArgument } from './time-arguments.js';

const now = new Date('2024-05-10T12:00:00.000Z');

describe('parseTimeArgument', () => {
  it('reads ages counted back from now', () => {
    expect(parseTimeArgument('--since', '90s', now)).toBe('2024-05-10T11:58:30.000Z');
    expect(parseTimeArgument('--since', '30m', now)).toBe('2024-05-10T11:30:00.000Z');
    expect(parseTimeArgument('--since', '12h', now)).toBe('2024-05-10T00:00:00.000Z');
    expect(parseTimeArgument('--since', '7d', now)).toBe('2024-05-03T12:00:00.000Z');
    expect(parseTimeArgument('--since', '2w', now)).toBe('2024-04-26T12:00:00.000Z');
  });

  it('reads ISO dates (midnight UTC) and date-times with a zone', () => {
    expect(parseTimeArgument('--until', '2024-05-01', now)).toBe('2024-05-01T00:00:00.000Z');
    expect(parseTimeArgument('--until', '2024-05-01T10:00:00Z', now)).toBe('2024-05-01T10:00:00.000Z');
    expect(parseTimeArgument('--until', '2024-05-01T10:00:00+02:00', now)).toBe('2024-05-01T08:00:00.000Z');
  });

  it('names the flag and the accepted forms when it cannot read one', () => {
    expect(() => parseTimeArgument('--since', 'yesterday', now)).toThrow('--since must be an ISO date or time (2024-05-01, 2024-05-01T10:00:00Z) or an age (30m, 12h, 7d), got "yesterday"');
    expect(() => parseTimeArgument('--until', '2024-13-45', now)).toThrow(/--until must be/);
    expect(() => parseTimeArgument('--since', '5y', now)).toThrow(/--since must be/);
  });
});
