/**
 * Stemma's error hierarchy. Every expected failure is a `StemmaError` with a stable
 * `code`: the API copies it into `extensions.code`, the CLI prints the message and exits
 * non-zero. Anything that is not a `StemmaError` is an internal error.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'CONFLICT'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'FAILED_PRECONDITION'
  | 'UNAVAILABLE'
  | 'ERASED'
  | 'INTERNAL';

export abstract class StemmaError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra machine-readable facts (field path, service address, ...). */
  readonly details: Record<string, unknown>;

  constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

export class NotFoundError extends StemmaError {
  readonly code = 'NOT_FOUND' as const;
}

export class InvalidArgumentError extends StemmaError {
  readonly code = 'INVALID_ARGUMENT' as const;
}

export class ConflictError extends StemmaError {
  readonly code = 'CONFLICT' as const;
}

export class ForbiddenError extends StemmaError {
  readonly code = 'FORBIDDEN' as const;
}

export class UnauthenticatedError extends StemmaError {
  readonly code = 'UNAUTHENTICATED' as const;
}

export class FailedPreconditionError extends StemmaError {
  readonly code = 'FAILED_PRECONDITION' as const;
}

/** A dependency (Neo4j, Redis, the object store) does not answer. */
export class UnavailableError extends StemmaError {
  readonly code = 'UNAVAILABLE' as const;
}

/** The data was crypto-shredded by an erasure and can no longer be read. */
export class ErasedError extends StemmaError {
  readonly code = 'ERASED' as const;
}

export function isStemmaError(err: unknown): err is StemmaError {
  return err instanceof StemmaError;
}
