/**
 * Checks events one by one, in seq order, against the event before: the seq follows without a
 * gap, the event's hash matches its fields, and its `prevHash` is the hash of the one before.
 * Holds only the last event, so a chain of any length is checked in constant memory.
 */
import type { AuditEventRecord } from '../../graph-schema/audit/index.js';
import { hashAuditEvent } from './audit-event.js';

export type AuditBreakReason = 'hash mismatch' | 'broken link' | 'missing seq';

/** The first place the chain does not hold. `id` is null for a missing seq (there is no event). */
export interface AuditChainBreak {
  seq: number;
  id: string | null;
  reason: AuditBreakReason;
}

/** The last trusted link: seq 0 and the genesis hash, or the event just before the checked range. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export class AuditChainVerifier {
  private prev: AuditAnchor;
  private count = 0;

  constructor(anchor: AuditAnchor) {
    this.prev = anchor;
  }

  /** Events checked and found sound so far. */
  get checked(): number {
    return this.count;
  }

  /** The seq the next event must have. */
  get expectedSeq(): number {
    return this.prev.seq + 1;
  }

  /** Checks the next event; returns where the chain breaks, or null when it holds. */
  check(event: AuditEventRecord): AuditChainBreak | null {
    const expected = this.expectedSeq;
    if (event.seq > expected) return { seq: expected, id: null, reason: 'missing seq' };
    if (event.seq < expected) return { seq: event.seq, id: event.id, reason: 'broken link' };
    if (hashAuditEvent(event) !== event.hash) return { seq: event.seq, id: event.id, reason: 'hash mismatch' };
    if (event.prevHash !== this.prev.hash) return { seq: event.seq, id: event.id, reason: 'broken link' };
    this.prev = { seq: event.seq, hash: event.hash };
    this.count += 1;
    return null;
  }

  /** Checks that the chain ends where its head says: no event missing at the end, none replaced. */
  finish(head: AuditAnchor, lastId: string | null): AuditChainBreak | null {
    if (this.prev.seq < head.seq) return { seq: this.expectedSeq, id: null, reason: 'missing seq' };
    if (this.prev.hash !== head.hash) return { seq: head.seq, id: lastId, reason: 'broken link' };
    return null;
  }
}
