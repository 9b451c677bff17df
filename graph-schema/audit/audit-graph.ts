/**
 * Audit chains in the graph. A chain's `(:AuditHead {chain})` node holds its last seq and
 * hash; an append locks the head first, in the transaction that creates the events, so
 * appends from any number of processes serialise and the chain never forks or repeats a seq.
 * Events link `(:AuditEvent)-[:PRECEDES]->(:AuditEvent)` for browsing; verification goes by seq.
 */
import type { GraphClient, Tx } from '../graph-client.js';
import type { AuditEventQuery, AuditEventRecord, AuditHeadRecord } from './audit-records.js';

/** Builds the events that follow `head`; may run more than once (transactions are retried), so it must be pure. */
export type SealAuditEvents = (head: AuditHeadRecord) => AuditEventRecord[];

export interface AuditGraph {
  /**
   * Appends to `chain` atomically: locks its head (creating it at seq 0 with `genesisHash`),
   * writes the events `seal` builds on it and moves the head to the last of them.
   */
  append(chain: string, genesisHash: string, seal: SealAuditEvents): Promise<AuditEventRecord[]>;
  /**
   * Like `append` for one event, unless the chain already holds an event of the same action
   * and target: that one is returned instead. The check runs under the head's lock, so of
   * racing callers exactly one appends.
   */
  appendOnce(chain: string, genesisHash: string, key: { action: string; target: string }, seal: SealAuditEvents): Promise<AuditEventRecord>;
  /** The chain's head, or null when nothing was ever appended to it. */
  head(chain: string): Promise<AuditHeadRecord | null>;
  /** Events with `fromSeq <= seq <= toSeq`, in seq order, at most `limit` (at most 10,000). */
  eventsInRange(chain: string, fromSeq: number, toSeq: number, limit: number): Promise<AuditEventRecord[]>;
  /** Events matching every filter of `query`, in seq order. */
  find(query: AuditEventQuery): Promise<AuditEventRecord[]>;
}

export const MAX_AUDIT_PAGE = 10_000;

export function createNeo4jAuditGraph(graph: GraphClient): AuditGraph {
  return {
    append: (chain, genesisHash, seal) =>
      graph.write(async (tx) => {
        const head = await lockHead(tx, chain, genesisHash);
        const events = seal(head);
        await writeEvents(tx, chain, head, events);
        return events;
      }),

    appendOnce: (chain, genesisHash, key, seal) =>
      graph.write(async (tx) => {
        const head = await lockHead(tx, chain, genesisHash);
        const found = await tx.run(
          'MATCH (e:AuditEvent) WHERE e.chain = $chain AND e.action = $action AND e.target = $target RETURN e ORDER BY e.seq LIMIT 1',
          { chain, action: key.action, target: key.target },
        );
        const existing = found.records[0];
        if (existing) {
          await tx.run('MATCH (h:AuditHead {chain: $chain}) REMOVE h.locked', { chain });
          return toAuditEvent(existing.get('e'));
        }
        const events = seal(head);
        await writeEvents(tx, chain, head, events);
        return events[0]!;
      }),

    async head(chain) {
      const res = await graph.read((tx) => tx.run('MATCH (h:AuditHead {chain: $chain}) RETURN h.seq AS seq, h.hash AS hash', { chain }));
      const rec = res.records[0];
      return rec ? { chain, seq: Number(rec.get('seq')), hash: String(rec.get('hash')) } : null;
    },

    async eventsInRange(chain, fromSeq, toSeq, limit) {
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (e:AuditEvent) WHERE e.chain = $chain AND e.seq >= $fromSeq AND e.seq <= $toSeq
           RETURN e ORDER BY e.seq LIMIT $limit`,
          { chain, fromSeq, toSeq, limit: pageSize(limit) },
        ),
      );
      return res.records.map((r) => toAuditEvent(r.get('e')));
    },

    async find(query) {
      const { where, params } = queryClauses(query);
      const res = await graph.read((tx) =>
        tx.run(`MATCH (e:AuditEvent) WHERE ${where} RETURN e ORDER BY e.seq LIMIT $limit`, { ...params, limit: pageSize(query.limit) }),
      );
      return res.records.map((r) => toAuditEvent(r.get('e')));
    },
  };
}

/** Takes the head's write lock before reading it, so no other append can read the same head. */
async function lockHead(tx: Tx, chain: string, genesisHash: string): Promise<AuditHeadRecord> {
  await tx.run(
    `MERGE (h:AuditHead {chain: $chain})
       ON CREATE SET h.seq = 0, h.hash = $genesisHash
     SET h.locked = true`,
    { chain, genesisHash },
  );
  const res = await tx.run('MATCH (h:AuditHead {chain: $chain}) RETURN h.seq AS seq, h.hash AS hash', { chain });
  const rec = res.records[0]!;
  return { chain, seq: Number(rec.get('seq')), hash: String(rec.get('hash')) };
}

/** Creates the events, links each to the one before, and moves the head (releasing its lock flag). */
async function writeEvents(tx: Tx, chain: string, head: AuditHeadRecord, events: AuditEventRecord[]): Promise<void> {
  const last = events[events.length - 1] ?? head;
  if (events.length > 0) {
    await tx.run('UNWIND $events AS ev CREATE (e:AuditEvent) SET e = ev', { events });
    const links = events.map((e) => ({ from: e.seq - 1, to: e.seq })).filter((l) => l.from >= 1);
    await tx.run(
      `UNWIND $links AS link
       MATCH (a:AuditEvent {chain: $chain, seq: link.from}), (b:AuditEvent {chain: $chain, seq: link.to})
       MERGE (a)-[:PRECEDES]->(b)`,
      { chain, links },
    );
  }
  await tx.run('MATCH (h:AuditHead {chain: $chain}) SET h.seq = $seq, h.hash = $hash REMOVE h.locked', { chain, seq: last.seq, hash: last.hash });
}

/** The WHERE clause of a query, built from fixed fragments so each filter can use its index. */
function queryClauses(q: AuditEventQuery): { where: string; params: Record<string, unknown> } {
  const clauses = ['e.chain = $chain', 'e.seq > $afterSeq'];
  const params: Record<string, unknown> = { chain: q.chain, afterSeq: q.afterSeq ?? 0 };
  const filters = [
    ['actor', 'e.actor = $actor'],
    ['action', 'e.action = $action'],
    ['target', 'e.target = $target'],
    ['from', 'e.at >= $from'],
    ['to', 'e.at < $to'],
  ] as const;
  for (const [name, clause] of filters) {
    if (q[name] === undefined) continue;
    clauses.push(clause);
    params[name] = q[name];
  }
  return { where: clauses.join(' AND '), params };
}

function pageSize(limit: number): number {
  return Math.min(Math.max(1, Math.floor(limit)), MAX_AUDIT_PAGE);
}

/** Reads an event as stored, without judging it: verification decides whether it was altered. */
function toAuditEvent(node: unknown): AuditEventRecord {
  const x = (node as { properties: Record<string, unknown> }).properties;
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const event: AuditEventRecord = {
    id: text(x.id),
    chain: text(x.chain),
    seq: Number(x.seq),
    actor: text(x.actor),
    action: text(x.action),
    target: text(x.target),
    at: text(x.at),
    argsDigest: text(x.argsDigest),
    prevHash: text(x.prevHash),
    hash: text(x.hash),
  };
  if (x.summary !== undefined && x.summary !== null) event.summary = String(x.summary);
  return event;
}
