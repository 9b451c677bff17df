import { describe, expect, it } from 'vitest';
import { cronTickPath, nextCronTick } from './cron-ticks.js';

describe('cron ticks', () => {
  it('ticks @every duration on multiples of the period from the start', () => {
    const start = new Date('2024-01-01T00:00:00Z');
    expect(nextCronTick('@every 10s', new Date('2024-01-01T00:00:25Z'), start).toISOString()).toBe('2024-01-01T00:00:30.000Z');
    expect(nextCronTick('@every 10s', new Date('2023-12-31T00:00:00Z'), start).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(nextCronTick('@every 1m', new Date('2024-01-01T00:00:25Z')).toISOString()).toBe('2024-01-01T00:01:25.000Z');
  });

  it('follows cron schedules and macros in UTC', () => {
    expect(nextCronTick('*/15 * * * *', new Date('2024-01-01T10:07:00Z')).toISOString()).toBe('2024-01-01T10:15:00.000Z');
    expect(nextCronTick('@daily', new Date('2024-01-01T10:07:00Z')).toISOString()).toBe('2024-01-02T00:00:00.000Z');
  });

  it('names the tick file by its RFC 3339 time, as Pachyderm does', () => {
    expect(cronTickPath(new Date('2024-01-01T10:15:00.000Z'))).toBe('/2024-01-01T10:15:00Z');
  });
});
