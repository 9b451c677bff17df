/**
 * Checks shared by every object store adapter, so a key or range that one backend rejects
 * is rejected by all of them in the same words.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { ByteRange } from './object-store.js';

const MAX_KEY_LENGTH = 1024;

/**
 * Accepts keys made of non-empty `/`-separated segments, none of them `.` or `..`, so that a
 * key maps onto a file path below the store's root and onto an S3 key alike.
 * @throws InvalidArgumentError naming the key and the rule it breaks.
 */
export function assertObjectKey(key: string): void {
  const problem = describeKeyProblem(key);
  if (problem) throw new InvalidArgumentError(`object key ${JSON.stringify(key)}: ${problem}`, { key });
}

function describeKeyProblem(key: string): string | null {
  if (typeof key !== 'string' || key.length === 0) return 'must not be empty';
  if (key.length > MAX_KEY_LENGTH) return `must be at most ${MAX_KEY_LENGTH} characters`;
  if (key.startsWith('/') || key.endsWith('/')) return 'must not start or end with "/"';
  if (/[\0\\]/.test(key)) return 'must not contain NUL or backslash';
  for (const segment of key.split('/')) {
    if (segment === '') return 'must not contain an empty segment ("//")';
    if (segment === '.' || segment === '..') return 'must not contain "." or ".." segments';
  }
  return null;
}

/** A key prefix as used by `list`: empty, or a key-like string that may end with `/`. */
export function assertListPrefix(prefix: string): void {
  if (prefix === '') return;
  assertObjectKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** Normalises a store-wide key prefix (`test-1` → `test-1/`); empty stays empty. */
export function normalizeKeyPrefix(prefix: string | undefined): string {
  if (!prefix) return '';
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  assertObjectKey(trimmed);
  return `${trimmed}/`;
}

/** @throws InvalidArgumentError when the range is malformed (negative, reversed, fractional). */
export function assertByteRange(range: ByteRange | undefined): void {
  if (!range) return;
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new InvalidArgumentError(`byte range start ${start}: must be a non-negative integer`, { range });
  }
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) {
    throw new InvalidArgumentError(`byte range end ${end}: must be an integer >= start (${start})`, { range });
  }
}

/** The error both adapters raise when a range starts past the object's last byte. */
export function rangeNotSatisfiable(key: string, range: ByteRange, size?: number): InvalidArgumentError {
  const sizeText = size === undefined ? '' : ` (object size ${size})`;
  return new InvalidArgumentError(
    `object ${key}: byte range starting at ${range.start} lies past the end of the object${sizeText}`,
    { key, range, size },
  );
}
