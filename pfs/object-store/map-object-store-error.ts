/**
 * The one place where S3 SDK and file-system failures become Stemma errors, so a caller
 * sees `NotFoundError` for a missing object and `UnavailableError` for a store that does not
 * answer, whichever backend it runs on.
 */
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  StemmaError,
  UnavailableError,
} from '../../core/errors.js';

export interface ObjectStoreErrorContext {
  /** The store's location (`describe().location`): named in every message. */
  location: string;
  kind: 's3' | 'local';
  key?: string;
  /** What was being done: `get`, `put`, `list`, ... */
  operation: string;
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'TimeoutError',
  'RequestTimeout',
  'ServiceUnavailable',
  'SlowDown',
  'XMinioServerNotInitialized',
]);
const NOT_FOUND_CODES = new Set(['NoSuchKey', 'NotFound', 'ENOENT', 'ENOTDIR']);
const DENIED_CODES = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'EACCES', 'EPERM']);

/**
 * Maps a backend error to a `StemmaError`; errors it does not recognise come back unchanged
 * (they are internal errors). Stemma errors pass through.
 */
export function mapObjectStoreError(err: unknown, ctx: ObjectStoreErrorContext): Error {
  if (err instanceof StemmaError) return err;
  const codes = collectCodes(err);
  const where = `${ctx.kind === 's3' ? 'object store' : 'local object store'} at ${ctx.location}`;
  const subject = ctx.key === undefined ? where : `object ${ctx.key} in ${where}`;
  const details = { key: ctx.key, location: ctx.location, operation: ctx.operation, codes: [...codes] };
  const options = { cause: err };
  if (has(codes, NOT_FOUND_CODES)) return new NotFoundError(`${subject} not found`, details, options);
  if (codes.has('NoSuchBucket')) {
    return new FailedPreconditionError(
      `${where}: the bucket does not exist; create it (run npm run stack:up, or S3ObjectStore.ensureBucket())`,
      details,
      options,
    );
  }
  if (codes.has('InvalidRange') || codes.has('416')) {
    return new InvalidArgumentError(`${subject}: byte range lies past the end of the object`, details, options);
  }
  if (has(codes, DENIED_CODES)) {
    const fix = ctx.kind === 's3' ? 'check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY' : 'check the directory permissions';
    return new FailedPreconditionError(`${where}: access denied during ${ctx.operation}; ${fix}`, details, options);
  }
  if (codes.has('ENOSPC')) return new UnavailableError(`${where}: no space left on device`, details, options);
  if (has(codes, UNREACHABLE_CODES) || codes.has('503')) {
    const hint = ctx.kind === 's3' ? '; is it running? run npm run stack:up' : '';
    return new UnavailableError(`${where} does not answer (${firstOf(codes, UNREACHABLE_CODES)})${hint}`, details, options);
  }
  if (codes.has('404')) return new NotFoundError(`${subject} not found`, details, options);
  return err instanceof Error ? err : new Error(String(err));
}

/** Codes found on the error, its `cause` chain and an AggregateError's members. */
function collectCodes(err: unknown, codes = new Set<string>(), depth = 0): Set<string> {
  if (!err || typeof err !== 'object' || depth > 4) return codes;
  const e = err as {
    name?: unknown;
    code?: unknown;
    Code?: unknown;
    errno?: unknown;
    cause?: unknown;
    errors?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  for (const value of [e.code, e.Code, e.name]) if (typeof value === 'string') codes.add(value);
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === 'number') codes.add(String(status));
  collectCodes(e.cause, codes, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors) collectCodes(inner, codes, depth + 1);
  return codes;
}

function has(codes: Set<string>, wanted: Set<string>): boolean {
  for (const code of codes) if (wanted.has(code)) return true;
  return false;
}

function firstOf(codes: Set<string>, wanted: Set<string>): string {
  for (const code of codes) if (wanted.has(code)) return code;
  return codes.has('503') ? 'HTTP 503' : 'unreachable';
}
