import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerTokenOf, hashApiToken, looksLikeApiToken, mintApiToken } from './api-token.js';

describe('API tokens', () => {
  it('mints stm_ tokens of 256 random bits, each different, with their sha256', () => {
    const a = mintApiToken();
    const b = mintApiToken();
    expect(a.token).toMatch(/^stm_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(createHash('sha256').update(a.token).digest('hex'));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).not.toContain(a.token.slice(4));
    expect(looksLikeApiToken(a.token)).toBe(true);
  });

  it('hashes the same token to the same hash', () => {
    const { token, hash } = mintApiToken();
    expect(hashApiToken(token)).toBe(hash);
  });
});

describe('bearerTokenOf', () => {
  const { token } = mintApiToken();

  it('reads a bearer token, whatever the case of the scheme', () => {
    expect(bearerTokenOf(`Bearer ${token}`)).toEqual({ token });
    expect(bearerTokenOf(`bearer  ${token} `)).toEqual({ token });
  });

  it('reports no header as neither token nor problem', () => {
    expect(bearerTokenOf(undefined)).toEqual({});
    expect(bearerTokenOf('  ')).toEqual({});
  });

  it('names the problem of a header that is not a Stemma bearer token', () => {
    expect(bearerTokenOf('Basic dXNlcjpwYXNz').problem).toMatch(/must be `Bearer <token>`/);
    expect(bearerTokenOf('Bearer').problem).toMatch(/must be `Bearer <token>`/);
    expect(bearerTokenOf('Bearer abc').problem).toMatch(/not a Stemma API token \(those start with stm_/);
    expect(bearerTokenOf(`Bearer ${token}x`).problem).toMatch(/not a Stemma API token/);
  });
});
