import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { UnavailableError } from '../core/errors.js';
import { createGraphClient } from './graph-client.js';

const { neo4j } = loadConfig(['neo4j']);
const graph = createGraphClient(neo4j);
afterAll(() => graph.close());

describe('graph client (real Neo4j)', () => {
  it('writes a node and reads it back', async () => {
    const id = `test-${randomUUID()}`;
    await graph.write((tx) => tx.run('CREATE (p:Project {id: $id, name: $id, createdAt: datetime()})', { id }));
    const res = await graph.read((tx) => tx.run('MATCH (p:Project {id: $id}) RETURN p.name AS name', { id }));
    expect(res.records.map((r) => r.get('name'))).toEqual([id]);
    await graph.write((tx) => tx.run('MATCH (p:Project {id: $id}) DETACH DELETE p', { id }));
  });

  it('reports the server version and edition', async () => {
    const v = await graph.verify();
    expect(v.version).toMatch(/^5\.26\./);
    expect(v.edition).toBe('community');
  });

  it('maps a unique-constraint violation to CONFLICT', async () => {
    const id = `test-${randomUUID()}`;
    await graph.write((tx) => tx.run('CREATE (:Repo {id: $id})', { id }));
    await expect(graph.write((tx) => tx.run('CREATE (:Repo {id: $id})', { id }))).rejects.toMatchObject({ code: 'CONFLICT' });
    await graph.write((tx) => tx.run('MATCH (r:Repo {id: $id}) DELETE r', { id }));
  });

  it('names the address and the command that starts Neo4j when it is down', async () => {
    const down = createGraphClient({ uri: 'bolt://127.0.0.1:1', database: 'neo4j' });
    const err = await down.verify().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toBe('Neo4j is not answering at bolt://127.0.0.1:1: start it with `npm run stack:up` (or set NEO4J_URI)');
    await down.close();
  });
});
