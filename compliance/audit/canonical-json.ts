/**
 * Canonical JSON (after RFC 8785): object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as `JSON.stringify` writes them. The same value always gives the same
 * text, so its sha256 can seal an audit event and be recomputed by anyone.
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../../core/errors.js';

/** Writes `value` as canonical JSON; `undefined` object members are left out, as in JSON. */
export function canonicalJson(value: unknown): string {
  return write(value === undefined ? null : value, '$', new Set());
}

/** sha256 (hex) of the canonical JSON of `value`. */
export function canonicalDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

function write(value: unknown, path: string, seen: Set<object>): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidArgumentError(`${path}: ${value} has no JSON form`);
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw new InvalidArgumentError(`${path}: a ${typeof value} has no JSON form`);
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), path, seen);
  if (seen.has(value)) throw new InvalidArgumentError(`${path}: refers back to itself`);
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((v, i) => write(v === undefined ? null : v, `${path}[${i}]`, seen)).join(',')}]`;
    const members = Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${write((value as Record<string, unknown>)[k], `${path}.${k}`, seen)}`);
    return `{${members.join(',')}}`;
  } finally {
    seen.delete(value);
  }
}
