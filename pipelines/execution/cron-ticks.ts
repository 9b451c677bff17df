import cronParser from 'cron-parser';
import { parseDuration } from '../spec/duration.js';

const EVERY = /^@every\s+(\S+)$/;

/**
 * The first tick of a cron schedule strictly after `after`. `@every <duration>` ticks at
 * `start` plus whole multiples of the duration (or every duration after `after` without a
 * start); other schedules follow cron-parser, in UTC.
 */
export function nextCronTick(schedule: string, after: Date, start?: Date): Date {
  const every = EVERY.exec(schedule.trim());
  if (every) {
    const period = parseDuration(every[1]!) ?? 0;
    if (period <= 0) throw new Error(`cron schedule ${schedule} has no positive period`);
    if (start && start.getTime() > after.getTime()) return start;
    if (!start) return new Date(after.getTime() + period);
    const elapsed = after.getTime() - start.getTime();
    return new Date(start.getTime() + (Math.floor(elapsed / period) + 1) * period);
  }
  const from = start && start.getTime() > after.getTime() ? new Date(start.getTime() - 1) : after;
  return cronParser.parseExpression(schedule, { currentDate: from, utc: true }).next().toDate();
}

/** The file a tick commits, named by its time as Pachyderm names it (RFC 3339, UTC, seconds). */
export function cronTickPath(at: Date): string {
  return `/${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}`;
}
