import { describe, expect, it } from 'vitest';
import { ConflictError, InvalidArgumentError, isStemmaError, NotFoundError } from './errors.js';

describe('StemmaError', () => {
  it('carries a stable code, its class name and details', () => {
    const err = new InvalidArgumentError('bad path', { path: '/a/../b' });
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.name).toBe('InvalidArgumentError');
    expect(err.details).toEqual({ path: '/a/../b' });
    expect(err).toBeInstanceOf(Error);
  });

  it('is told apart from other errors', () => {
    expect(isStemmaError(new NotFoundError('x'))).toBe(true);
    expect(isStemmaError(new ConflictError('x'))).toBe(true);
    expect(isStemmaError(new Error('x'))).toBe(false);
  });
});
