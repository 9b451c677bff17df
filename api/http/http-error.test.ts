import { describe, expect, it } from 'vitest';
import { ConflictError, ErasedError, FailedPreconditionError, ForbiddenError, InvalidArgumentError, NotFoundError, UnauthenticatedError, UnavailableError } from '../../core/errors.js';
import { httpErrorOf, httpStatusOf } from './http-error.js';

describe('httpStatusOf', () => {
  it.each([
    ['NOT_FOUND', 404],
    ['INVALID_ARGUMENT', 400],
    ['CONFLICT', 409],
    ['FAILED_PRECONDITION', 412],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['UNAVAILABLE', 503],
    ['ERASED', 410],
    ['INTERNAL', 500],
    ['SOMETHING_ELSE', 500],
  ])('maps %s to %i', (code, status) => {
    expect(httpStatusOf(code)).toBe(status);
  });
});

describe('httpErrorOf', () => {
  it('keeps the code and message of a StemmaError', () => {
    for (const err of [new NotFoundError('a'), new InvalidArgumentError('b'), new ConflictError('c'), new FailedPreconditionError('d'), new UnauthenticatedError('e'), new ForbiddenError('f'), new UnavailableError('g'), new ErasedError('h')]) {
      expect(httpErrorOf(err)).toEqual({ status: httpStatusOf(err.code), body: { error: { code: err.code, message: err.message } } });
    }
  });

  it('hides anything else behind INTERNAL', () => {
    expect(httpErrorOf(new Error('socket hang up at 10.0.0.3'))).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'internal server error' } } });
  });
});
