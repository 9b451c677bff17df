import {
  ConflictError,
  ErasedError,
  FailedPreconditionError,
  ForbiddenError,
  InvalidArgumentError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
  type ErrorCode,
  type StemmaError,
} from '../core/errors.js';

class InternalError extends FailedPreconditionError {}

const byCode: Partial<Record<ErrorCode, new (message: string) => StemmaError>> = {
  NOT_FOUND: NotFoundError,
  INVALID_ARGUMENT: InvalidArgumentError,
  CONFLICT: ConflictError,
  FORBIDDEN: ForbiddenError,
  UNAUTHENTICATED: UnauthenticatedError,
  FAILED_PRECONDITION: FailedPreconditionError,
  UNAVAILABLE: UnavailableError,
  ERASED: ErasedError,
};

/** Rebuilds the StemmaError a server sent as `extensions.code` and message. */
export function remoteError(code: string | undefined, message: string): StemmaError {
  const Ctor = byCode[code as ErrorCode] ?? InternalError;
  return new Ctor(message);
}
