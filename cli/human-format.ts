/**
 * How tables show sizes and times to people: binary units (`1.2 MiB`) and ages
 * (`3 minutes ago`). JSON output keeps the exact numbers and ISO times.
 */
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `512 B`, `1.0 KiB`, `1.2 MiB`; one decimal below 100 units, none above. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '-';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit: string = 'B';
  for (const next of UNITS) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value < 100 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

const STEPS: readonly [limit: number, seconds: number, name: string][] = [
  [60, 1, 'second'],
  [3600, 60, 'minute'],
  [86_400, 3600, 'hour'],
  [30 * 86_400, 86_400, 'day'],
];

/**
 * An ISO time as people read it in a table: `just now`, `5 seconds ago`, `3 hours ago`,
 * `12 days ago`; past 30 days, or in the future, the ISO date and time to the minute.
 */
export function formatAge(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return '-';
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const seconds = Math.floor((now.getTime() - then.getTime()) / 1000);
  if (seconds < -60) return isoMinute(then);
  if (seconds < 2) return 'just now';
  for (const [limit, unit, name] of STEPS) {
    if (seconds < limit) {
      const n = Math.floor(seconds / unit);
      return `${n} ${name}${n === 1 ? '' : 's'} ago`;
    }
  }
  return isoMinute(then);
}

function isoMinute(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')}Z`;
}

/** A rate per second for progress lines: `3.4 MiB/s`, `120 files/s`. */
export function formatRate(perSecond: number, unit: 'bytes' | 'files'): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '-';
  return unit === 'bytes' ? `${formatBytes(perSecond)}/s` : `${Math.round(perSecond)} files/s`;
}

/** Shortens a text for a table cell, on one line. */
export function cell(text: string | null | undefined, max = 50): string {
  if (!text) return '';
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
