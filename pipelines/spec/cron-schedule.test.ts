import { describe, expect, it } from 'vitest';
import { cronScheduleProblem } from './cron-schedule.js';

describe('cronScheduleProblem', () => {
  it.each(['*/5 * * * *', '0 0 * * *', '0 */2 * * 1-5', '30 0 0 * * *', '@daily', '@hourly', '@weekly', '@monthly', '@yearly', '@every 1m', '@every 1h30m'])(
    'accepts %s',
    (schedule) => expect(cronScheduleProblem(schedule)).toBeUndefined(),
  );

  it.each<[string, string]>([
    ['61 * * * *', 'is not a valid cron schedule'],
    ['* * *', 'has 5 fields'],
    ['0 0 * * * * *', 'has 5 fields'],
    ['every hour', 'has 5 fields'],
    ['@fortnightly', 'is not a valid cron schedule'],
    ['@every soon', '@every needs a duration'],
    ['@every 0s', '@every needs a duration'],
  ])('rejects %s', (schedule, reason) => expect(cronScheduleProblem(schedule)).toContain(reason));
});
