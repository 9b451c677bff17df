/**
 * Collects a command's output as lines: each line goes to `onLog` as it is read, and the
 * last `maxLines` are kept for the result, so a datum that prints millions of lines costs
 * a bounded amount of memory. A line longer than `maxLineChars` is cut into pieces.
 */
import type { Readable } from 'node:stream';
import type { LogLine } from './runner.js';

export const DEFAULT_MAX_LOG_LINES = 2_000;
export const DEFAULT_MAX_LINE_CHARS = 16_384;

export interface LogCollector {
  /** Reads `stream` line by line until it ends; resolves then. */
  follow(stream: Readable, name: LogLine['stream']): Promise<void>;
  /** Adds one line (the runner's own messages). */
  add(stream: LogLine['stream'], line: string): void;
  /** The kept lines, oldest first, and how many older ones were dropped. */
  snapshot(): { logs: LogLine[]; dropped: number };
}

export interface LogCollectorOptions {
  maxLines?: number;
  maxLineChars?: number;
  onLog?: (line: LogLine) => void;
}

export function createLogCollector(opts: LogCollectorOptions = {}): LogCollector {
  const maxLines = Math.max(1, opts.maxLines ?? DEFAULT_MAX_LOG_LINES);
  const maxLineChars = Math.max(1, opts.maxLineChars ?? DEFAULT_MAX_LINE_CHARS);
  const ring: LogLine[] = [];
  let next = 0;
  let total = 0;

  const add = (stream: LogLine['stream'], line: string): void => {
    const entry: LogLine = { stream, line, at: new Date().toISOString() };
    if (ring.length < maxLines) ring.push(entry);
    else ring[next] = entry;
    next = (next + 1) % maxLines;
    total += 1;
    opts.onLog?.(entry);
  };

  const follow = (stream: Readable, name: LogLine['stream']): Promise<void> =>
    new Promise((resolve) => {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        pending += chunk;
        let newline = pending.indexOf('\n');
        while (newline >= 0) {
          add(name, stripCarriageReturn(pending.slice(0, newline)));
          pending = pending.slice(newline + 1);
          newline = pending.indexOf('\n');
        }
        while (pending.length > maxLineChars) {
          add(name, pending.slice(0, maxLineChars));
          pending = pending.slice(maxLineChars);
        }
      });
      const finish = (): void => {
        if (pending.length > 0) add(name, stripCarriageReturn(pending));
        pending = '';
        resolve();
      };
      stream.once('close', finish);
      stream.once('error', finish);
    });

  const snapshot = (): { logs: LogLine[]; dropped: number } => {
    const logs = ring.length < maxLines ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)];
    return { logs, dropped: total - logs.length };
  };

  return { follow, add, snapshot };
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
