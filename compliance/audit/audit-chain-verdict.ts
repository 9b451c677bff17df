/**
 * A verification of an audit chain as its readers need it: where it breaks, the event stored
 * there (as stored, so an altered field shows its altered value), and what is wrong in words.
 */
import type { AuditEventRecord, AuditGraph } from '../../graph-schema/audit/index.js';
import type { AuditChainBreak } from './audit-chain-verifier.js';
import { verifyAuditChain, type AuditChainReport, type VerifyAuditChainOptions } from './verify-audit-chain.js';

/** The first broken link, the event stored at its seq (null when there is none), and the problem in words. */
export interface AuditBreakDetail extends AuditChainBreak {
  event: AuditEventRecord | null;
  problem: string;
}

export interface AuditChainVerdict extends Omit<AuditChainReport, 'firstBroken'> {
  chain: string;
  firstBroken?: AuditBreakDetail;
}

/** Verifies `chain` end to end (or from `opts.from`) and, when it breaks, reads and describes the first broken link. */
export async function auditChainVerdict(graph: AuditGraph, chain: string, opts: VerifyAuditChainOptions = {}): Promise<AuditChainVerdict> {
  const { firstBroken, ...report } = await verifyAuditChain(graph, chain, opts);
  if (!firstBroken) return { chain, ...report };
  const [stored] = await graph.eventsInRange(chain, firstBroken.seq, firstBroken.seq, 1);
  const event = stored ?? null;
  return { chain, ...report, firstBroken: { ...firstBroken, event, problem: describeAuditBreak(firstBroken, event) } };
}

/** What no longer holds at a broken link, and what it means. */
export function describeAuditBreak(found: AuditChainBreak, event: AuditEventRecord | null): string {
  switch (found.reason) {
    case 'hash mismatch':
      return `its stored fields no longer hash to its stored hash: one of them (actor, action, target, time, argument digest, summary or link) was altered after it was written`;
    case 'broken link':
      return event
        ? `it does not link to the event before it (its prevHash is not that event's hash), or the chain's head does not end on it: an event was rewritten and resealed, replaced or reordered`
        : `the chain's head does not match its last event: the last event was rewritten, or the head was moved`;
    case 'missing seq':
      return `there is no event with this seq: it was deleted from the log`;
  }
}
