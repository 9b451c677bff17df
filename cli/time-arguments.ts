/**
 * Points in time on the command line (`--since`, `--until`): an ISO 8601 date or date-time
 * (`2024-05-01`, `2024-05-01T10:00:00Z`), or an age counted back from now (`90s`, `30m`,
 * `12h`, `7d`, `2w`).
 */
import { InvalidArgumentError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** The ISO 8601 time `value` names, `now` being the reference of relative ages. */
export function parseTimeArgument(flag: string, value: string, now: Date = new Date()): string {
  const age = /^([0-9]{1,9})([smhdw])$/.exec(value.trim());
  if (age) return new Date(now.getTime() - Number(age[1]) * UNIT_MS[age[2]!]!).toISOString();
  const time = /^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9]{2}:?[0-9]{2})?)?$/.test(value.trim()) ? new Date(value.trim()) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime())) {
    throw new InvalidArgumentError(`${flag} must be an ISO date or time (2024-05-01, 2024-05-01T10:00:00Z) or an age (30m, 12h, 7d), got ${JSON.stringify(value)}`, { flag });
  }
  return time.toISOString();
}

/** A commander option parser for a point in time. */
export function timeOption(flag: string): (value: string) => string {
  return (value: string) => parseTimeArgument(flag, value);
}
