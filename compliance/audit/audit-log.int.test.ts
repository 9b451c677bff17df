import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import { createGraphClient } from '../../graph-schema/graph-client.js';
import { runMigrations } from '../../graph-schema/migrate.js';
import { loadStackEnv } from '../../test/support/stack-env.js';
import { createAuditLog, type AuditEventInput } from './index.js';

loadStackEnv();
const { neo4j } = loadConfig(['neo4j']);
const graphA = createGraphClient(neo4j);
const graphB = createGraphClient(neo4j);
const chains: string[] = [];

/** A chain of the test's own, removed afterwards. */
function testChain(): string {
  const chain = `test-${randomUUID()}`;
  chains.push(chain);
  return chain;
}

beforeAll(() => runMigrations(graphA));
afterAll(async () => {
  await graphA.write((tx) => tx.run('MATCH (n) WHERE (n:AuditEvent OR n:AuditHead) AND n.chain IN $chains DETACH DELETE n', { chains }));
  await Promise.all([graphA.close(), graphB.close()]);
});

const event = (n: number, extra: Partial<AuditEventInput> = {}): AuditEventInput => ({ actor: 'alice', action: 'repo.create', target: `repo-${n}`, args: { n }, ...extra });

describe('audit log (real Neo4j)', () => {
  it('keeps seq gap-free and the chain whole when two clients append at once', async () => {
    const chain = testChain();
    const a = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    const b = createAuditLog({ graph: createNeo4jAuditGraph(graphB), chain });
    const appended = await Promise.all(Array.from({ length: 100 }, (_, n) => (n % 2 === 0 ? a : b).appendAuditEvent(event(n))));
    expect(appended.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await a.verifyAuditChain({ batch: 7 })).toEqual({ ok: true, checked: 100, headSeq: 100 });
    const page = await b.listAuditEvents({ first: 1000 });
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(page.events.map((e) => e.target)).size).toBe(100);
    const links = await graphA.read((tx) =>
      tx.run('MATCH (x:AuditEvent {chain: $chain})-[:PRECEDES]->(y:AuditEvent) WHERE y.seq = x.seq + 1 RETURN count(*) AS n', { chain }),
    );
    expect(links.records[0]?.get('n')).toBe(99);
  });

  it('appends an event once per action and target however many clients race to, and returns the one appended', async () => {
    const chain = testChain();
    const a = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    const b = createAuditLog({ graph: createNeo4jAuditGraph(graphB), chain });
    await a.appendAuditEvent(event(0));
    const raced = await Promise.all(Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? a : b).appendAuditEventOnce(event(1, { action: 'erasure.shred', args: { n } }))));
    expect(new Set(raced.map((e) => e.seq))).toEqual(new Set([2]));
    expect((await a.appendAuditEventOnce(event(1, { action: 'erasure.verify' }))).seq).toBe(3);
    expect((await b.appendAuditEventOnce(event(2, { action: 'erasure.shred' }))).seq).toBe(4);
    expect(await a.verifyAuditChain()).toEqual({ ok: true, checked: 4, headSeq: 4 });
  });

  it('appends to the main chain alongside other writers and verifies from where it began', async () => {
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA) });
    const actor = `test-${randomUUID()}`;
    const [first] = await log.appendAuditEvents([event(1, { actor }), event(2, { actor }), event(3, { actor })]);
    const report = await log.verifyAuditChain({ from: first!.seq });
    expect(report.ok).toBe(true);
    expect(report.checked).toBeGreaterThanOrEqual(3);
    const mine = await log.listAuditEvents({ actor });
    expect(mine.events.map((e) => e.seq)).toEqual([first!.seq, first!.seq + 1, first!.seq + 2]);
  });

  it('appends a large batch in consecutive transactions and never stores the arguments', async () => {
    const chain = testChain();
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    const events = await log.appendAuditEvents(Array.from({ length: 2_500 }, (_, n) => event(n, { args: { email: `person-${n}@example.org` } })));
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
    expect(await log.verifyAuditChain({ batch: 700 })).toEqual({ ok: true, checked: 2_500, headSeq: 2_500 });
    const stored = await graphA.read((tx) => tx.run('MATCH (e:AuditEvent {chain: $chain, seq: 10}) RETURN properties(e) AS p', { chain }));
    expect(JSON.stringify(stored.records[0]?.get('p'))).not.toContain('example.org');
  });

  it('names exactly the event whose actor was altered in the database as a hash mismatch', async () => {
    const chain = testChain();
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    const events = await log.appendAuditEvents(Array.from({ length: 10 }, (_, n) => event(n)));
    await graphA.write((tx) => tx.run("MATCH (e:AuditEvent {chain: $chain, seq: 4}) SET e.actor = 'mallory'", { chain }));
    expect(await log.verifyAuditChain({ batch: 3 })).toEqual({
      ok: false,
      checked: 3,
      headSeq: 10,
      firstBroken: { seq: 4, id: events[3]!.id, reason: 'hash mismatch' },
    });
    expect((await log.verifyAuditChain({ from: 5 })).ok).toBe(true);
  });

  it('names a deleted event as a missing seq', async () => {
    const chain = testChain();
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    await log.appendAuditEvents(Array.from({ length: 10 }, (_, n) => event(n)));
    await graphA.write((tx) => tx.run('MATCH (e:AuditEvent {chain: $chain, seq: 6}) DETACH DELETE e', { chain }));
    expect(await log.verifyAuditChain()).toEqual({ ok: false, checked: 5, headSeq: 10, firstBroken: { seq: 6, id: null, reason: 'missing seq' } });
    await graphA.write((tx) => tx.run('MATCH (e:AuditEvent {chain: $chain, seq: 10}) DETACH DELETE e', { chain }));
    expect((await log.verifyAuditChain({ from: 8 })).firstBroken).toEqual({ seq: 10, id: null, reason: 'missing seq' });
  });

  it('refuses a second event with the same seq in a chain', async () => {
    const chain = testChain();
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    await log.appendAuditEvent(event(1));
    await expect(graphA.write((tx) => tx.run('CREATE (:AuditEvent {id: $id, chain: $chain, seq: 1})', { id: randomUUID(), chain }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('selects by actor, action, target and time range, a page at a time', async () => {
    const chain = testChain();
    let minute = 0;
    const clock = () => new Date(Date.UTC(2024, 4, 1, 10, minute++));
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain, clock });
    for (let n = 0; n < 12; n++) {
      await log.appendAuditEvent({ actor: n % 3 === 0 ? 'bob' : 'alice', action: n % 2 === 0 ? 'file.put' : 'file.delete', target: n < 6 ? 'repo-a' : 'repo-b' });
    }
    const seqs = async (req: Parameters<typeof log.listAuditEvents>[0]) => (await log.listAuditEvents(req)).events.map((e) => e.seq);
    expect(await seqs({ actor: 'bob' })).toEqual([1, 4, 7, 10]);
    expect(await seqs({ action: 'file.delete', target: 'repo-b' })).toEqual([8, 10, 12]);
    expect(await seqs({ from: '2024-05-01T10:03:00Z', to: new Date(Date.UTC(2024, 4, 1, 10, 6)) })).toEqual([4, 5, 6]);
    const page1 = await log.listAuditEvents({ actor: 'alice', first: 5 });
    expect(page1).toMatchObject({ endCursor: 8, hasNextPage: true });
    const page2 = await log.listAuditEvents({ actor: 'alice', first: 5, after: page1.endCursor! });
    expect(page2.events.map((e) => e.seq)).toEqual([9, 11, 12]);
    expect(page2).toMatchObject({ endCursor: 12, hasNextPage: false });
    await expect(log.listAuditEvents({ from: 'yesterday' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('exports the selection as RFC 4180 CSV that parses back to the stored values', async () => {
    const chain = testChain();
    const log = createAuditLog({ graph: createNeo4jAuditGraph(graphA), chain });
    const tricky = await log.appendAuditEvent({ actor: 'Smith, Jane', action: 'file.put', target: 'say "hi"', summary: 'line one\nline two, "b"' });
    await log.appendAuditEvent({ actor: 'bob', action: 'file.put', target: 'plain' });
    const parts: string[] = [];
    for await (const part of log.exportAuditCsv({ action: 'file.put' })) parts.push(part);
    expect(parts).toHaveLength(3);
    expect(parts[1]).toContain(',"Smith, Jane",file.put,"say ""hi""",');
    expect(parts[1]).toContain(',"line one\nline two, ""b""",');
    expect(parts.every((p) => p.endsWith('\r\n'))).toBe(true);
    const rows = parse(parts.join(''), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toEqual({ ...tricky, seq: '1', chain: undefined });
    expect(rows.map((r) => r.actor)).toEqual(['Smith, Jane', 'bob']);
  });
});
