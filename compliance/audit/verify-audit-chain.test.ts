import { describe, expect, it } from 'vitest';
import type { AuditEventRecord, AuditGraph, AuditHeadRecord } from '../../graph-schema/audit/index.js';
import { GENESIS_HASH, hashAuditEvent } from './audit-event.js';
import { verifyAuditChain } from './verify-audit-chain.js';

/**
 * An audit graph whose events are generated on demand, in order, so a chain of a million
 * events is verified without ever being held in memory. Records the largest page asked for.
 */
function generatedChain(length: number, alter: (e: AuditEventRecord) => AuditEventRecord | null = (e) => e) {
  let last = { seq: 0, hash: GENESIS_HASH };
  const eventAt = (seq: number): AuditEventRecord => {
    if (seq !== last.seq + 1) throw new Error(`generated chain read out of order: ${seq} after ${last.seq}`);
    const fields = { seq, actor: `user-${seq % 7}`, action: 'pfs.putFile', target: `repo/${seq}`, at: '2024-05-01T10:00:00.000Z', argsDigest: 'a'.repeat(64), prevHash: last.hash };
    const event = { ...fields, id: `e${seq}`, chain: 'gen', hash: hashAuditEvent(fields) };
    last = { seq, hash: event.hash };
    return event;
  };
  const stats = { largestPage: 0, queries: 0 };
  const graph: AuditGraph = {
    append: () => Promise.reject(new Error('read only')),
    appendOnce: () => Promise.reject(new Error('read only')),
    async head(): Promise<AuditHeadRecord> {
      // The head's hash is read once verification reaches the end, when the generator has just
      // made the last event: the chain is generated once, and nothing of it is kept.
      return {
        chain: 'gen',
        seq: length,
        get hash() {
          return last.hash;
        },
      };
    },
    async eventsInRange(_chain, fromSeq, toSeq, limit) {
      stats.queries++;
      if (fromSeq <= last.seq) last = { seq: 0, hash: GENESIS_HASH };
      while (last.seq + 1 < fromSeq) eventAt(last.seq + 1);
      const page: AuditEventRecord[] = [];
      for (let s = fromSeq; s <= toSeq && page.length < limit; s++) {
        const e = alter(eventAt(s));
        if (e) page.push(e);
      }
      stats.largestPage = Math.max(stats.largestPage, page.length);
      return page;
    },
    find: () => Promise.reject(new Error('not used')),
  };
  return { graph, stats };
}

describe('verifyAuditChain', () => {
  it('verifies a chain of 1,000,000 events page by page', async () => {
    const { graph, stats } = generatedChain(1_000_000);
    const report = await verifyAuditChain(graph, 'gen', { batch: 5_000 });
    expect(report).toEqual({ ok: true, checked: 1_000_000, headSeq: 1_000_000 });
    expect(stats.largestPage).toBe(5_000);
    expect(stats.queries).toBe(200);
  }, 120_000);

  it('names the first altered event as a hash mismatch', async () => {
    const { graph } = generatedChain(50, (e) => (e.seq === 17 ? { ...e, actor: 'mallory' } : e));
    expect(await verifyAuditChain(graph, 'gen', { batch: 8 })).toEqual({ ok: false, checked: 16, headSeq: 50, firstBroken: { seq: 17, id: 'e17', reason: 'hash mismatch' } });
  });

  it('names the event after a resealed one as a broken link', async () => {
    const reseal = (e: AuditEventRecord) => ({ ...e, actor: 'mallory', hash: hashAuditEvent({ ...e, actor: 'mallory' }) });
    const { graph } = generatedChain(50, (e) => (e.seq === 17 ? reseal(e) : e));
    expect((await verifyAuditChain(graph, 'gen', { batch: 8 })).firstBroken).toEqual({ seq: 18, id: 'e18', reason: 'broken link' });
  });

  it('names a deleted event as a missing seq, in the middle and at the end', async () => {
    const middle = generatedChain(50, (e) => (e.seq === 24 ? null : e));
    expect((await verifyAuditChain(middle.graph, 'gen', { batch: 8 })).firstBroken).toEqual({ seq: 24, id: null, reason: 'missing seq' });
    const end = generatedChain(50, (e) => (e.seq === 50 ? null : e));
    expect((await verifyAuditChain(end.graph, 'gen', { batch: 8 })).firstBroken).toEqual({ seq: 50, id: null, reason: 'missing seq' });
  });

  it('verifies from a given seq, checking its link to the event before', async () => {
    const { graph } = generatedChain(30);
    expect(await verifyAuditChain(graph, 'gen', { from: 21, batch: 4 })).toEqual({ ok: true, checked: 10, headSeq: 30 });
    expect(await verifyAuditChain(graph, 'gen', { from: 31 })).toEqual({ ok: true, checked: 0, headSeq: 30 });
  });

  it('refuses a bad range or batch', async () => {
    const { graph } = generatedChain(3);
    await expect(verifyAuditChain(graph, 'gen', { from: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(verifyAuditChain(graph, 'gen', { batch: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
