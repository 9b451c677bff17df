import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createGraphClient } from '../graph-client.js';
import { runMigrations } from '../migrate.js';
import { createNeo4jErasureGraph } from './erasure-graph.js';

const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
const erasures = createNeo4jErasureGraph(graph);
const made: string[] = [];

beforeAll(() => runMigrations(graph));
afterAll(async () => {
  await graph.write((tx) => tx.run('MATCH (e:ErasureRequest) WHERE e.id IN $ids DETACH DELETE e', { ids: made }));
  await graph.close();
});

async function newRequest(subjectId = `subject-${randomUUID()}`) {
  const id = randomUUID();
  made.push(id);
  return erasures.create({ id, subjectId, reason: 'test', requestedBy: 'alice', state: 'requested', steps: [], execution: { flaggedDecisions: 0 } });
}

describe('Neo4j erasure graph', () => {
  it('stores a request linked to its subject, with its structured parts as JSON', async () => {
    const row = await newRequest();
    expect(row).toMatchObject({ state: 'requested', requestedBy: 'alice', approvedBy: null, steps: [], execution: { flaggedDecisions: 0 }, plan: null, queue: null });
    const planned = await erasures.update(row.id, ['requested'], { state: 'planned', plan: { counts: { records: 2 } }, plannedAt: '2026-01-01T00:00:00Z' });
    expect(planned).toMatchObject({ state: 'planned', plan: { counts: { records: 2 } }, plannedAt: '2026-01-01T00:00:00Z' });
    const linked = await graph.read((tx) => tx.run('MATCH (e:ErasureRequest {id: $id})-[:ERASES]->(s:Subject) RETURN s.id AS s', { id: row.id }));
    expect(linked.records.map((r) => r.get('s'))).toEqual([row.subjectId]);
  });

  it('changes state only from the states given, so two racing callers change it once', async () => {
    for (let round = 0; round < 5; round++) {
      const racing = await newRequest();
      const results = await Promise.all([1, 2, 3, 4].map(() => erasures.update(racing.id, ['requested'], { state: 'planned' })));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const leased = await Promise.all(['a', 'b', 'c', 'd'].map((holder) => erasures.acquireLease(racing.id, holder, 60_000)));
      expect(leased.filter(Boolean)).toHaveLength(1);
    }
    const row = await newRequest();
    expect(await erasures.update(row.id, ['requested'], { state: 'planned' })).not.toBeNull();
    expect(await erasures.update(row.id, ['approved'], { state: 'executing' })).toBeNull();
    expect((await erasures.get(row.id)).state).toBe('planned');
    await expect(erasures.get(randomUUID())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('gives the execution lease to one holder at a time, until it runs out', async () => {
    const row = await newRequest();
    expect(await erasures.acquireLease(row.id, 'worker-a', 300)).toBe(true);
    expect(await erasures.acquireLease(row.id, 'worker-b', 300)).toBe(false);
    expect(await erasures.acquireLease(row.id, 'worker-a', 300)).toBe(true);
    await new Promise((r) => setTimeout(r, 400));
    expect(await erasures.acquireLease(row.id, 'worker-b', 300)).toBe(true);
    await erasures.releaseLease(row.id, 'worker-a');
    expect(await erasures.acquireLease(row.id, 'worker-a', 300)).toBe(false);
    await erasures.releaseLease(row.id, 'worker-b');
    expect(await erasures.acquireLease(row.id, 'worker-a', 300)).toBe(true);
  });

  it('lists newest first by subject and state, paged by id, and finds a queue namespace\'s running requests', async () => {
    const subject = `subject-${randomUUID()}`;
    const rows = [];
    for (let i = 0; i < 3; i++) rows.push(await newRequest(subject));
    const all = await erasures.list({ subjectId: subject, limit: 10 });
    expect(all.map((r) => r.id)).toEqual(rows.map((r) => r.id).reverse());
    const page = await erasures.list({ subjectId: subject, limit: 10, after: all[0]!.id });
    expect(page.map((r) => r.id)).toEqual(all.slice(1).map((r) => r.id));
    const queue = `q-${randomUUID()}`;
    await erasures.update(rows[1]!.id, ['requested'], { state: 'executing', queue });
    expect(await erasures.list({ subjectId: subject, state: 'executing', limit: 10 })).toHaveLength(1);
    expect(await erasures.idsInStates(['executing', 'verifying'], queue, 10)).toEqual([rows[1]!.id]);
  });
});
