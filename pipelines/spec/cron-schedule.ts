import cronParser from 'cron-parser';
import { parseDuration } from './duration.js';

const EVERY = /^@every\s+(\S+)$/;

/**
 * Checks a cron input's schedule as Pachyderm accepts it: standard five-field cron (or six,
 * with seconds), macros such as `@daily` or `@hourly`, and `@every <duration>`.
 * Returns why the schedule is invalid, or `undefined` when it is valid.
 */
export function cronScheduleProblem(schedule: string): string | undefined {
  const every = EVERY.exec(schedule.trim());
  if (every) {
    const ms = parseDuration(every[1]!);
    return ms !== undefined && ms > 0 ? undefined : `"${schedule}": @every needs a duration such as "1h" or "30s"`;
  }
  const fields = schedule.trim().split(/\s+/);
  if (!schedule.trim().startsWith('@') && (fields.length < 5 || fields.length > 6)) {
    return `"${schedule}": a cron schedule has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds`;
  }
  try {
    cronParser.parseExpression(schedule);
    return undefined;
  } catch (err) {
    return `"${schedule}" is not a valid cron schedule: ${(err as Error).message}`;
  }
}
