import { InvalidArgumentError } from '../../core/errors.js';

/** Longest path accepted, in UTF-8 bytes (Linux PATH_MAX). */
export const MAX_PATH_BYTES = 4096;
/** Longest single path segment accepted, in UTF-8 bytes (Linux NAME_MAX). */
export const MAX_SEGMENT_BYTES = 255;

// With the `u` flag a lone UTF-16 surrogate is matched as a code point of category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Returns the canonical form of a path inside a repo: `/`-separated, starting with `/`,
 * with no trailing `/` (except the root, `/`). The leading `/` is optional on input and
 * one trailing `/` is dropped (`images/` means the directory `/images`).
 *
 * Anything else that is not already canonical is refused rather than guessed at, with an
 * `InvalidArgumentError` naming the path: `.` and `..` segments (so no path can escape the
 * repo), empty segments (`a//b`), NUL and other control characters, lone UTF-16
 * surrogates, a segment over 255 bytes or a path over 4096 bytes (UTF-8).
 *
 * A backslash is an ordinary character, as in POSIX: `a\b.csv` is one file name, not a
 * directory `a`. Paths are compared byte for byte; no Unicode normalisation is applied.
 */
export function normalizePath(path: string): string {
  if (typeof path !== 'string') {
    throw new InvalidArgumentError(`path must be a string, got ${typeof path}`, { path });
  }
  checkCharacters(path);
  const bytes = Buffer.byteLength(path, 'utf8');
  if (bytes > MAX_PATH_BYTES) {
    throw invalid(path, `is ${bytes} bytes long; paths are limited to ${MAX_PATH_BYTES} bytes (UTF-8)`);
  }
  const segments = splitSegments(path);
  segments.forEach((segment) => checkSegment(path, segment));
  return '/' + segments.join('/');
}

function splitSegments(path: string): string[] {
  let body = path.startsWith('/') ? path.slice(1) : path;
  if (body.endsWith('/')) body = body.slice(0, -1);
  if (body === '') {
    if (path.length > 1) throw invalid(path, 'has an empty segment; write the root as "/"');
    return [];
  }
  return body.split('/');
}

function checkCharacters(path: string): void {
  const control = firstControlCharacter(path);
  if (control !== undefined) {
    const code = control.toString(16).padStart(4, '0');
    throw invalid(path, `contains the control character U+${code}; remove it from the name`);
  }
  if (LONE_SURROGATE.test(path)) {
    throw invalid(path, 'contains a lone UTF-16 surrogate; file names must be valid Unicode');
  }
}

/** C0 controls (NUL included), DEL and C1 controls. */
function firstControlCharacter(path: string): number | undefined {
  for (let i = 0; i < path.length; i += 1) {
    const code = path.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return code;
  }
  return undefined;
}

function checkSegment(path: string, segment: string): void {
  if (segment === '') {
    throw invalid(path, 'has an empty segment ("//"); remove the duplicate "/"');
  }
  if (segment === '.' || segment === '..') {
    throw invalid(path, `has a "${segment}" segment; relative segments are not allowed, write the path from the repo root`);
  }
  const bytes = Buffer.byteLength(segment, 'utf8');
  if (bytes > MAX_SEGMENT_BYTES) {
    throw invalid(path, `has a segment of ${bytes} bytes; each name is limited to ${MAX_SEGMENT_BYTES} bytes (UTF-8)`);
  }
}

function invalid(path: string, problem: string): InvalidArgumentError {
  return new InvalidArgumentError(`path ${JSON.stringify(printable(path))} ${problem}`, { path });
}

/** Shortens very long paths in messages; JSON.stringify makes control characters visible. */
function printable(path: string): string {
  return path.length > 200 ? `${path.slice(0, 100)}…${path.slice(-50)}` : path;
}
