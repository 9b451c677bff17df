import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createGraphClient } from '../graph-client.js';
import { runMigrations } from '../migrate.js';
import { createNeo4jTokenGraph } from './token-graph.js';
import type { NewApiToken, RoleBinding } from './token-records.js';

const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
const tokens = createNeo4jTokenGraph(graph);
const made: string[] = [];

beforeAll(() => runMigrations(graph));
afterAll(async () => {
  await graph.write((tx) => tx.run('MATCH (t:ApiToken) WHERE t.id IN $ids DETACH DELETE t', { ids: made }));
  await graph.close();
});

function newToken(bindings: RoleBinding[], name = `test-${randomUUID().slice(0, 8)}`): NewApiToken & { secret: string } {
  const secret = `stm_${randomBytes(32).toString('base64url')}`;
  const id = randomUUID();
  made.push(id);
  return { id, name, hash: createHash('sha256').update(secret).digest('hex'), bindings, secret };
}

describe('Neo4j token graph', () => {
  it('stores a token by hash and finds it by hash, without returning the hash', async () => {
    const t = newToken([{ role: 'writer', project: 'default' }, { role: 'reader', project: '*' }]);
    const created = await tokens.create(t);
    expect(created).toEqual({ id: t.id, name: t.name, bindings: [{ role: 'reader', project: '*' }, { role: 'writer', project: 'default' }], createdAt: expect.any(String), lastUsedAt: null, revokedAt: null });
    const found = await tokens.useByHash(t.hash);
    expect(found).toMatchObject({ id: t.id, lastUsedAt: expect.any(String) });
    expect(found).not.toHaveProperty('hash');
    expect(await tokens.useByHash(createHash('sha256').update('nothing').digest('hex'))).toBeNull();
  });

  it('looks a token up through the hash index', async () => {
    const plan = await graph.run('EXPLAIN MATCH (t:ApiToken {hash: $hash}) RETURN t', { hash: 'x' });
    expect(JSON.stringify(plan.summary.plan)).toContain('NodeIndexSeek');
  });

  it('revokes once, keeps the first revocation time, and stops marking the token used', async () => {
    const t = newToken([{ role: 'reader', project: 'default' }]);
    await tokens.create(t);
    const first = await tokens.revoke(t.id);
    expect(first.revokedAt).toEqual(expect.any(String));
    expect((await tokens.revoke(t.id)).revokedAt).toBe(first.revokedAt);
    expect(await tokens.useByHash(t.hash)).toMatchObject({ revokedAt: first.revokedAt, lastUsedAt: null });
    await expect(tokens.revoke(`missing-${randomUUID()}`)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates no first admin token, however many ask at once, while an admin token of every project lives', async () => {
    const admin = newToken([{ role: 'admin', project: '*' }]);
    await tokens.create(admin);
    const name = `test-first-${randomUUID().slice(0, 8)}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => tokens.createFirstAdmin(newToken([{ role: 'admin', project: '*' }], name))));
    expect(results).toEqual([null, null, null, null, null]);
    const res = await graph.read((tx) => tx.run('MATCH (t:ApiToken {name: $name}) RETURN count(t) AS n', { name }));
    expect(Number(res.records[0]?.get('n'))).toBe(0);
    await tokens.revoke(admin.id);
  });
});
