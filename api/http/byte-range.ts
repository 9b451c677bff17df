/**
 * The `Range` header of a download: one byte range, `bytes=start-end`, `bytes=start-` or the
 * last N bytes, `bytes=-N`. Other units are ignored (the whole file is sent, as RFC 9110
 * allows); several ranges and malformed ones are refused.
 */
import { InvalidArgumentError } from '../../core/errors.js';

export type ByteRangeRequest = { kind: 'from'; start: number; end?: number } | { kind: 'suffix'; length: number };

const SINGLE = /^\s*(\d{0,15})\s*-\s*(\d{0,15})\s*$/;

/** Parses a `Range` header; undefined when there is none or it is not in bytes. */
export function parseRangeHeader(header: string | undefined): ByteRangeRequest | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const eq = header.indexOf('=');
  if (eq === -1) throw invalid(header, 'expected bytes=start-end');
  if (header.slice(0, eq).trim().toLowerCase() !== 'bytes') return undefined;
  const spec = header.slice(eq + 1);
  if (spec.includes(',')) throw invalid(header, 'only one range per request is supported');
  const m = SINGLE.exec(spec);
  if (!m || (m[1] === '' && m[2] === '')) throw invalid(header, 'expected bytes=start-end, bytes=start- or bytes=-length');
  if (m[1] === '') {
    const length = Number(m[2]);
    if (length === 0) throw invalid(header, 'a suffix range must ask for at least one byte');
    return { kind: 'suffix', length };
  }
  const start = Number(m[1]);
  if (m[2] === '') return { kind: 'from', start };
  const end = Number(m[2]);
  if (end < start) throw invalid(header, 'the end comes before the start');
  return { kind: 'from', start, end };
}

/** The inclusive range to send of a file of `size` bytes, clamped to its end. */
export function resolveByteRange(range: ByteRangeRequest, size: number): { start: number; end: number } {
  if (range.kind === 'suffix') return { start: Math.max(0, size - range.length), end: size - 1 };
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

function invalid(header: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(`header range ${JSON.stringify(header.slice(0, 100))}: ${problem}`, { header: 'range' });
}
