import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { createGraphClient } from './graph-client.js';
import { runMigrations } from './migrate.js';
import { migrations } from './migrations/index.js';

const { neo4j } = loadConfig(['neo4j']);
const graphA = createGraphClient(neo4j);
const graphB = createGraphClient(neo4j);

afterAll(async () => {
  await graphA.close();
  await graphB.close();
});

describe('graph migrations (real Neo4j)', () => {
  it('has applied the unique constraint on every node id', async () => {
    await runMigrations(graphA);
    const res = await graphA.read((tx) => tx.run("SHOW CONSTRAINTS YIELD name, type WHERE type = 'UNIQUENESS' RETURN collect(name) AS names"));
    const names = res.records[0]?.get('names') as string[];
    for (const label of ['commit', 'repo', 'fileversion', 'datum', 'auditevent']) expect(names).toContain(`${label}_id_unique`);
  });

  it('applies each migration once when two processes run them at the same time', async () => {
    const tag = randomUUID().replaceAll('-', '').slice(0, 12);
    const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
    const extra = [...migrations, { id, name: `test ${tag}`, statements: [`CREATE INDEX test_${tag} IF NOT EXISTS FOR (n:TestNode_${tag}) ON (n.key)`] }];
    const [a, b] = await Promise.all([runMigrations(graphA, { migrations: extra }), runMigrations(graphB, { migrations: extra })]);
    expect([...a.applied, ...b.applied].filter((m) => m === id)).toHaveLength(1);
    expect([...a.alreadyApplied, ...b.alreadyApplied].filter((m) => m === id)).toHaveLength(1);
    const recorded = await graphA.read((tx) => tx.run('MATCH (m:Migration {id: $id}) RETURN count(m) AS n', { id: `migration-${id}` }));
    expect(recorded.records[0]?.get('n')).toBe(1);
    const idx = await graphA.read((tx) => tx.run('SHOW INDEXES YIELD name WHERE name = $name RETURN count(*) AS n', { name: `test_${tag}` }));
    expect(idx.records[0]?.get('n')).toBe(1);
    await graphA.run(`DROP INDEX test_${tag} IF EXISTS`);
    await graphA.write((tx) => tx.run('MATCH (m:Migration {id: $id}) DELETE m', { id: `migration-${id}` }));
  });

  it('refuses a migration whose statements changed after it was applied', async () => {
    const id = 2_000_000 + Math.floor(Math.random() * 1_000_000);
    const tag = randomUUID().replaceAll('-', '').slice(0, 12);
    const first = { id, name: 'x', statements: [`CREATE INDEX t1_${tag} IF NOT EXISTS FOR (n:T_${tag}) ON (n.a)`] };
    await runMigrations(graphA, { migrations: [first] });
    const changed = { ...first, statements: [`CREATE INDEX t2_${tag} IF NOT EXISTS FOR (n:T_${tag}) ON (n.b)`] };
    await expect(runMigrations(graphA, { migrations: [changed] })).rejects.toThrow(/was changed after it was applied/);
    await graphA.run(`DROP INDEX t1_${tag} IF EXISTS`);
    await graphA.write((tx) => tx.run('MATCH (m:Migration {id: $id}) DELETE m', { id: `migration-${id}` }));
  });
});
