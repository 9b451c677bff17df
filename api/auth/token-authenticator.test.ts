import { describe, expect, it } from 'vitest';
import type { ApiTokenRecord, TokenGraph } from '../../graph-schema/auth/index.js';
import { mintApiToken } from './api-token.js';
import { createTokenAuthenticator } from './token-authenticator.js';

/** An in-memory token store behind the TokenGraph port, counting its lookups. */
function memoryTokens(records: Map<string, ApiTokenRecord>): Pick<TokenGraph, 'useByHash'> & { lookups: number } {
  const store = {
    lookups: 0,
    async useByHash(hash: string) {
      store.lookups++;
      return records.get(hash) ?? null;
    },
  };
  return store;
}

const record = (over: Partial<ApiTokenRecord> = {}): ApiTokenRecord => ({
  id: 'tok-1',
  name: 'ci',
  bindings: [{ role: 'writer', project: 'default' }],
  createdAt: '2024-01-01T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

function setup(over: Partial<ApiTokenRecord> = {}) {
  const { token, hash } = mintApiToken();
  const records = new Map([[hash, record(over)]]);
  const tokens = memoryTokens(records);
  let now = 1_000_000;
  const authn = createTokenAuthenticator(tokens, { cacheMs: 30_000, clock: () => now });
  return { token, hash, records, tokens, authn, advance: (ms: number) => (now += ms) };
}

describe('createTokenAuthenticator', () => {
  it('turns a known token into its actor', async () => {
    const { token, authn } = setup();
    expect(await authn.authenticate(`Bearer ${token}`)).toEqual({ kind: 'token', tokenId: 'tok-1', name: 'ci', bindings: [{ role: 'writer', project: 'default' }] });
  });

  it('asks the store once per token within the cache time, and again after it', async () => {
    const { token, tokens, authn, advance } = setup();
    for (let i = 0; i < 20; i++) await authn.authenticate(`Bearer ${token}`);
    expect(tokens.lookups).toBe(1);
    advance(29_000);
    await authn.authenticate(`Bearer ${token}`);
    expect(tokens.lookups).toBe(1);
    advance(2_000);
    await authn.authenticate(`Bearer ${token}`);
    expect(tokens.lookups).toBe(2);
  });

  it('refuses a token revoked through this process at once', async () => {
    const { token, hash, records, authn } = setup();
    expect((await authn.authenticate(`Bearer ${token}`)).kind).toBe('token');
    records.set(hash, record({ revokedAt: '2024-02-01T00:00:00.000Z' }));
    authn.forget('tok-1');
    expect(await authn.authenticate(`Bearer ${token}`)).toEqual({ kind: 'anonymous', reason: expect.stringContaining('"ci" was revoked at 2024-02-01T00:00:00.000Z') });
  });

  it('gives the reason of an anonymous actor without asking the store when there is nothing to ask', async () => {
    const { tokens, authn } = setup();
    expect(await authn.authenticate(undefined)).toEqual({ kind: 'anonymous', reason: expect.stringContaining('carries no API token') });
    expect(await authn.authenticate('Basic abc')).toEqual({ kind: 'anonymous', reason: expect.stringContaining('Bearer <token>') });
    expect(await authn.authenticate('Bearer nope')).toEqual({ kind: 'anonymous', reason: expect.stringContaining('not a Stemma API token') });
    expect(tokens.lookups).toBe(0);
    expect(await authn.authenticate(`Bearer ${mintApiToken().token}`)).toEqual({ kind: 'anonymous', reason: expect.stringContaining('not known') });
    expect(tokens.lookups).toBe(1);
  });

  it('keeps at most maxEntries tokens, dropping the oldest', async () => {
    const tokens = memoryTokens(new Map());
    const authn = createTokenAuthenticator(tokens, { maxEntries: 2 });
    const [a, b, c] = [mintApiToken().token, mintApiToken().token, mintApiToken().token];
    for (const t of [a, b, c, b, c]) await authn.authenticate(`Bearer ${t}`);
    expect(tokens.lookups).toBe(3);
    await authn.authenticate(`Bearer ${a}`);
    expect(tokens.lookups).toBe(4);
  });
});
