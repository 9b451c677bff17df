import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { mapKubernetesError } from './kubernetes-errors.js';

const status = (message: string) => JSON.stringify({ kind: 'Status', message });

describe('mapKubernetesError', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [422, 'INVALID_ARGUMENT'],
    [500, 'UNAVAILABLE'],
  ])('maps HTTP %i to %s, with the API message', (code, expected) => {
    const err = mapKubernetesError(new ApiException(code, 'HTTP error', status('jobs.batch "x" is forbidden'), {}), 'create Job x');
    expect(err.code).toBe(expected);
    expect(err.message).toContain('jobs.batch "x" is forbidden');
    expect(err.message).toContain('create Job x');
    expect(err.details).toEqual({ action: 'create Job x', status: code });
  });

  it('maps a network failure to UNAVAILABLE', () => {
    const err = mapKubernetesError(new Error('connect ECONNREFUSED 127.0.0.1:6443'), 'read Job x');
    expect(err.code).toBe('UNAVAILABLE');
    expect(err.message).toMatch(/unreachable \(read Job x\): connect ECONNREFUSED/);
  });
});
