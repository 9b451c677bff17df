/**
 * The audit log for auditors against a real server: GraphQL queries and verification, the
 * streamed CSV export, the `stemma audit` verbs, and tampering detected. Tests that alter
 * events do it on chains of their own (`test-<uuid>`), removed afterwards, so the system
 * log that other tests write stays whole.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, type AuditEvent } from '../compliance/audit/index.js';
import { createNeo4jAuditGraph } from '../graph-schema/audit/index.js';
import { runStemma } from '../test/support/cli-run.js';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';

/** Each CLI run starts a process from source (a few seconds on a busy machine). */
const CLI_TIMEOUT = 180_000;

let api: PfsApiHarness;
let auditor: string;
let reader: string;
let work: string;
const chains: string[] = [];

beforeAll(async () => {
  api = await startPfsApi();
  auditor = (await api.mintToken([{ role: 'auditor', project: '*' }])).token;
  reader = (await api.mintToken([{ role: 'reader', project: '*' }])).token;
  work = await mkdtemp(join(tmpdir(), 'stemma-audit-'));
});

afterAll(async () => {
  if (chains.length) await api.runtime.graph.write((tx) => tx.run('MATCH (n) WHERE (n:AuditEvent OR n:AuditHead) AND n.chain IN $chains DETACH DELETE n', { chains }));
  if (work) await rm(work, { recursive: true, force: true });
  await api?.close();
});

/** A chain of the test's own holding `n` events, one a minute from 2024-05-01 10:00 UTC. */
async function seedChain(n: number): Promise<{ chain: string; events: AuditEvent[] }> {
  const chain = `test-${randomUUID()}`;
  chains.push(chain);
  let minute = 0;
  const log = createAuditLog({ graph: createNeo4jAuditGraph(api.runtime.graph), chain, clock: () => new Date(Date.UTC(2024, 4, 1, 10, minute++)) });
  const events: AuditEvent[] = [];
  // One append per event: the events of one append share its time.
  for (let i = 0; i < n; i++) {
    events.push(await log.appendAuditEvent({ actor: i % 3 === 0 ? 'bob' : 'alice', action: i % 2 === 0 ? 'putFile' : 'deleteFile', target: `repo-${i < n / 2 ? 'a' : 'b'}`, args: { i } }));
  }
  return { chain, events };
}

const EVENTS = `query($chain: String, $actor: String, $action: String, $target: String, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
  auditEvents(chain: $chain, actor: $actor, action: $action, target: $target, from: $from, to: $to, first: $first, after: $after) {
    edges { cursor node { eventId chain seq actor action target at argsDigest prevHash hash } } pageInfo { hasNextPage endCursor }
  }
}`;
const VERIFY = 'query($chain: String) { verifyAuditChain(chain: $chain) { chain ok checked headSeq firstBroken { seq reason problem event { seq actor action } } } }';

interface EventsAnswer {
  auditEvents: { edges: { cursor: string; node: { seq: number; actor: string; action: string; target: string; at: string; hash: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

async function codeAs(token: string | null, query: string, variables: Record<string, unknown>): Promise<string> {
  const res = await api.graphql(query, variables, { token });
  return res.errors?.[0] ? String(res.errors[0].extensions?.code) : 'OK';
}

describe('auditEvents and verifyAuditChain', () => {
  it('are for auditors: a reader is refused, an anonymous request too', async () => {
    const { chain } = await seedChain(2);
    expect(await codeAs(auditor, EVENTS, { chain })).toBe('OK');
    expect(await codeAs(auditor, VERIFY, { chain })).toBe('OK');
    expect(await codeAs(reader, EVENTS, { chain })).toBe('FORBIDDEN');
    expect(await codeAs(reader, VERIFY, { chain })).toBe('FORBIDDEN');
    expect(await codeAs(null, EVENTS, { chain })).toBe('UNAUTHENTICATED');
  });

  it('select by actor, action, target and time range, a page at a time with seq cursors', async () => {
    const { chain } = await seedChain(12);
    const seqs = async (vars: Record<string, unknown>) => (await api.query<EventsAnswer>(EVENTS, { chain, ...vars })).auditEvents.edges.map((e) => e.node.seq);
    expect(await seqs({ actor: 'bob' })).toEqual([1, 4, 7, 10]);
    expect(await seqs({ actor: 'alice', action: 'putFile', target: 'repo-b' })).toEqual([9, 11]);
    expect(await seqs({ from: '2024-05-01T10:03:00Z', to: '2024-05-01T10:06:00Z' })).toEqual([4, 5, 6]);
    const first = (await api.query<EventsAnswer>(EVENTS, { chain, first: 5 })).auditEvents;
    expect(first.edges.map((e) => e.cursor)).toEqual(['1', '2', '3', '4', '5']);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: '5' });
    const second = (await api.query<EventsAnswer>(EVENTS, { chain, first: 5, after: first.pageInfo.endCursor })).auditEvents;
    expect(second.edges.map((e) => e.node.seq)).toEqual([6, 7, 8, 9, 10]);
    const bad = await api.graphql(EVENTS, { chain, after: 'nope' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('INVALID_ARGUMENT');
  });

  it('record the mutations made through the API on the system chain', async () => {
    const repo = await api.newRepo();
    const found = await api.query<EventsAnswer>(EVENTS, { action: 'createRepo', target: `default/${repo}` });
    expect(found.auditEvents.edges.map((e) => e.node)).toEqual([expect.objectContaining({ action: 'createRepo', target: `default/${repo}`, actor: expect.stringContaining('token:test-harness-admin') })]);
  });

  it('verify a sound chain, then name the event altered in Neo4j, with its stored actor and action', async () => {
    const { chain, events } = await seedChain(10);
    expect((await api.query<{ verifyAuditChain: unknown }>(VERIFY, { chain })).verifyAuditChain).toEqual({ chain, ok: true, checked: 10, headSeq: 10, firstBroken: null });
    await api.runtime.graph.write((tx) => tx.run("MATCH (e:AuditEvent {chain: $chain, seq: 4}) SET e.actor = 'mallory'", { chain }));
    const { verifyAuditChain } = await api.query<{ verifyAuditChain: unknown }>(VERIFY, { chain });
    expect(verifyAuditChain).toEqual({
      chain,
      ok: false,
      checked: 3,
      headSeq: 10,
      firstBroken: { seq: 4, reason: 'HASH_MISMATCH', problem: expect.stringContaining('altered after it was written'), event: { seq: 4, actor: 'mallory', action: events[3]!.action } },
    });
  });

  it('name a deleted event as a missing seq', async () => {
    const { chain } = await seedChain(6);
    await api.runtime.graph.write((tx) => tx.run('MATCH (e:AuditEvent {chain: $chain, seq: 5}) DETACH DELETE e', { chain }));
    const { verifyAuditChain } = await api.query<{ verifyAuditChain: { firstBroken: unknown } }>(VERIFY, { chain });
    expect(verifyAuditChain.firstBroken).toEqual({ seq: 5, reason: 'MISSING_SEQ', problem: expect.stringContaining('deleted'), event: null });
  });
});

describe('GET /v1/audit/events.csv', () => {
  const csvUrl = (query: Record<string, string>) => `${api.url}/v1/audit/events.csv?${new URLSearchParams(query).toString()}`;
  const asToken = (token: string | null, url: string) => fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('streams the filtered events as CSV from which every hash can be checked', async () => {
    const { chain, events } = await seedChain(9);
    const res = await asToken(auditor, csvUrl({ chain, actor: 'alice', from: '2024-05-01T10:02:00Z' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-events.csv"');
    const rows = parse(await res.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => Number(r.seq))).toEqual([3, 5, 6, 8, 9]);
    expect(rows[0]).toMatchObject({ actor: 'alice', hash: events[2]!.hash, prevHash: events[1]!.hash, at: '2024-05-01T10:02:00.000Z' });
  });

  it('refuses without a token (401), without the audit role (403), and a bad filter (400) before any row', async () => {
    const { chain } = await seedChain(1);
    expect((await asToken(null, csvUrl({ chain }))).status).toBe(401);
    const forbidden = await asToken(reader, csvUrl({ chain }));
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toContain('needs the role');
    const bad = await asToken(auditor, csvUrl({ chain, from: 'last tuesday' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('INVALID_ARGUMENT');
  });
});

describe('stemma audit', () => {
  const stemma = (args: string[]) => runStemma({ url: api.url, token: auditor, cwd: work }, args);

  it('verify names the first broken link (seq, actor, action, what is wrong) and exits 1', async () => {
    const { chain } = await seedChain(8);
    const sound = await stemma(['audit', 'verify', '--chain', chain]);
    expect(sound.code, sound.err).toBe(0);
    expect(sound.out).toBe(`audit chain ${chain}: intact, 8 events checked (head seq 8)\n`);
    await api.runtime.graph.write((tx) => tx.run("MATCH (e:AuditEvent {chain: $chain, seq: 6}) SET e.action = 'createToken'", { chain }));
    const broken = await stemma(['audit', 'verify', '--chain', chain]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`audit chain ${chain}: BROKEN at seq 6 (hash mismatch)`);
    expect(broken.out).toMatch(/actor: +alice/);
    expect(broken.out).toMatch(/action: +createToken/);
    expect(broken.out).toContain('problem: its stored fields no longer hash to its stored hash');
    expect(broken.out).toContain('5 events before it checked and intact');
    const json = JSON.parse((await stemma(['--json', 'audit', 'verify', '--chain', chain])).out) as { ok: boolean; firstBroken: { seq: number } };
    expect(json).toMatchObject({ ok: false, firstBroken: { seq: 6 } });
  }, CLI_TIMEOUT);

  it('list filters events and export writes them as CSV', async () => {
    const { chain } = await seedChain(7);
    const listed = await stemma(['audit', 'list', '--chain', chain, '--actor', 'bob', '--since', '2024-05-01T10:01:00Z', '--json']);
    expect(listed.code, listed.err).toBe(0);
    expect((JSON.parse(listed.out) as { seq: number }[]).map((e) => e.seq)).toEqual([4, 7]);
    const table = await stemma(['audit', 'list', '--chain', chain, '--action', 'deleteFile']);
    expect(table.out.split('\n')[0]).toMatch(/^SEQ +AT +ACTOR +ACTION +TARGET$/);
    expect(table.out.trim().split('\n')).toHaveLength(4);
    const file = join(work, 'events.csv');
    const exported = await stemma(['audit', 'export', '--chain', chain, '--target', 'repo-b', '-o', file]);
    expect(exported.code, exported.err).toBe(0);
    expect(exported.out).toContain(`exported the audit events to ${file}`);
    const rows = parse(await readFile(file, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.seq)).toEqual(['5', '6', '7']);
  }, CLI_TIMEOUT);
});
