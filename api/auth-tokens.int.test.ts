/**
 * Token management against a real server: a token's secret is returned once and stored only
 * as its sha256; revoked tokens are refused; verified tokens are cached for a short time.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from './server.js';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';

let api: PfsApiHarness;

beforeAll(async () => {
  api = await startPfsApi();
});
afterAll(async () => {
  await api?.close();
});

interface Created {
  createToken: { token: string; apiToken: { id: string; name: string; bindings: { role: string; project: string | null }[] } };
}

const CREATE = 'mutation($name: String!, $bindings: [RoleBindingInput!]!) { createToken(name: $name, bindings: $bindings) { token apiToken { id name bindings { role project } } } }';
const WHOAMI = '{ whoami { tokenId name bindings { role project } } }';
const REVOKE = 'mutation($id: ID!) { revokeToken(id: $id) { id revokedAt } }';
const LIST = 'query($all: Boolean) { tokens(includeRevoked: $all, first: 1000) { edges { node { id name revokedAt lastUsedAt } } } }';

async function createToken(name: string, bindings: { role: string; project?: string }[]) {
  const { createToken } = await api.query<Created>(CREATE, { name, bindings });
  return createToken;
}

async function storedNode(id: string): Promise<Record<string, unknown>> {
  const res = await api.runtime.graph.read((tx) => tx.run('MATCH (t:ApiToken {id: $id}) RETURN properties(t) AS p', { id }));
  return res.records[0]?.get('p') as Record<string, unknown>;
}

describe('createToken', () => {
  it('returns the secret once and stores only its sha256', async () => {
    const created = await createToken('ci pipeline', [{ role: 'WRITER', project: 'default' }, { role: 'READER' }]);
    expect(created.token).toMatch(/^stm_[A-Za-z0-9_-]{43}$/);
    expect(created.apiToken).toMatchObject({ name: 'ci pipeline', bindings: [{ role: 'READER', project: null }, { role: 'WRITER', project: 'default' }] });

    const node = await storedNode(created.apiToken.id);
    expect(node.hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(Object.keys(node).sort()).toEqual(['createdAt', 'hash', 'id', 'name', 'roles']);
    expect(JSON.stringify(node)).not.toContain(created.token.slice(4));
    expect(node.roles).toEqual(['reader:*', 'writer:default']);

    const schemaRefusal = await api.graphql('{ tokens { edges { node { hash } } } }');
    expect(schemaRefusal.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await api.query(REVOKE, { id: created.apiToken.id });
  });

  it('makes a token that works, says who it is and marks when it was used', async () => {
    const created = await createToken('whoami test', [{ role: 'AUDITOR', project: 'default' }]);
    const me = await api.graphql<{ whoami: unknown }>(WHOAMI, {}, { token: created.token });
    expect(me.data?.whoami).toEqual({ tokenId: created.apiToken.id, name: 'whoami test', bindings: [{ role: 'AUDITOR', project: 'default' }] });
    expect((await storedNode(created.apiToken.id)).lastUsedAt).toEqual(expect.any(String));
    await api.query(REVOKE, { id: created.apiToken.id });
  });

  it('refuses a token without roles, with a bad project or without a name', async () => {
    const code = async (name: string, bindings: unknown[]) => (await api.graphql(CREATE, { name, bindings })).errors?.[0]?.extensions?.code;
    expect(await code('x', [])).toBe('INVALID_ARGUMENT');
    expect(await code('x', [{ role: 'READER', project: 'no/such' }])).toBe('INVALID_ARGUMENT');
    expect(await code('  ', [{ role: 'READER' }])).toBe('INVALID_ARGUMENT');
  });
});

describe('revokeToken', () => {
  it('refuses a revoked token at once, over GraphQL and HTTP', async () => {
    const created = await createToken('to revoke', [{ role: 'READER', project: 'default' }]);
    const repo = await api.newRepo();
    expect((await api.graphql(WHOAMI, {}, { token: created.token })).errors).toBeUndefined();
    const revoked = await api.query<{ revokeToken: { id: string; revokedAt: string } }>(REVOKE, { id: created.apiToken.id });
    expect(revoked.revokeToken.revokedAt).toEqual(expect.any(String));

    const refused = await api.graphql(WHOAMI, {}, { token: created.token });
    expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' }, message: expect.stringContaining('"to revoke" was revoked') });
    const http = await fetch(api.fileUrl(repo, 'master', '/a'), { headers: { authorization: `Bearer ${created.token}` } });
    expect(http.status).toBe(401);

    const again = await api.query<{ revokeToken: { revokedAt: string } }>(REVOKE, { id: created.apiToken.id });
    expect(again.revokeToken.revokedAt).toBe(revoked.revokeToken.revokedAt);
    expect((await api.graphql(REVOKE, { id: 'no-such-token' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('lists live tokens by default and revoked ones on request', async () => {
    const live = await createToken('listed live', [{ role: 'READER' }]);
    const dead = await createToken('listed revoked', [{ role: 'READER' }]);
    await api.query(REVOKE, { id: dead.apiToken.id });
    type List = { tokens: { edges: { node: { id: string; revokedAt: string | null } }[] } };
    const ids = async (all: boolean) => (await api.query<List>(LIST, { all })).tokens.edges.map((e) => e.node.id);
    expect(await ids(false)).toContain(live.apiToken.id);
    expect(await ids(false)).not.toContain(dead.apiToken.id);
    expect(await ids(true)).toContain(dead.apiToken.id);
    await api.query(REVOKE, { id: live.apiToken.id });
  });
});

describe('the token cache', () => {
  it('verifies a token once for a page of requests, and sees a revocation made elsewhere after the cache time', async () => {
    const other = await startApiServer(api.runtime, { host: '127.0.0.1', port: 0, tokenCacheMs: 500 });
    try {
      const { token, record } = await api.mintToken([{ role: 'reader', project: 'default' }]);
      const whoami = () =>
        fetch(`${other.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: WHOAMI }) }).then(
          (r) => r.json() as Promise<{ errors?: { extensions: { code: string } }[] }>,
        );
      const before = api.runtime.graph.queryCount;
      for (let i = 0; i < 10; i++) expect((await whoami()).errors).toBeUndefined();
      expect(api.runtime.graph.queryCount - before).toBe(1);

      await api.query(REVOKE, { id: record.id });
      expect((await whoami()).errors).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect((await whoami()).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    } finally {
      await other.close();
    }
  });
});
