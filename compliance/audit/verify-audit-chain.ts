/**
 * Verifies an audit chain end to end, or from a given seq: reads it in seq-range pages (never
 * the whole chain at once), recomputes every hash and checks every link and seq, up to the
 * head the chain had when verification began.
 */
import { InvalidArgumentError } from '../../core/errors.js';
import type { AuditGraph } from '../../graph-schema/audit/index.js';
import { AuditChainVerifier, type AuditAnchor, type AuditChainBreak } from './audit-chain-verifier.js';
import { GENESIS_HASH } from './audit-event.js';

export interface VerifyAuditChainOptions {
  /** First seq to check (default 1); its link to the event before is checked too. */
  from?: number;
  /** Events read per query (default 1,000, at most 10,000). */
  batch?: number;
}

export interface AuditChainReport {
  ok: boolean;
  /** Events found sound. */
  checked: number;
  /** The last seq of the chain when verification began (0 for an empty chain). */
  headSeq: number;
  firstBroken?: AuditChainBreak;
}

export async function verifyAuditChain(graph: AuditGraph, chain: string, opts: VerifyAuditChainOptions = {}): Promise<AuditChainReport> {
  const from = opts.from ?? 1;
  const batch = opts.batch ?? 1_000;
  if (!Number.isSafeInteger(from) || from < 1) throw new InvalidArgumentError(`verify audit chain: from must be a seq of at least 1 (got ${from})`);
  if (!Number.isSafeInteger(batch) || batch < 1 || batch > 10_000) throw new InvalidArgumentError(`verify audit chain: batch must be 1 to 10000 (got ${batch})`);
  const head = await graph.head(chain);
  if (!head || from > head.seq) return { ok: true, checked: 0, headSeq: head?.seq ?? 0 };
  const anchor = await anchorBefore(graph, chain, from);
  if ('reason' in anchor) return broken(0, head.seq, anchor);
  const verifier = new AuditChainVerifier(anchor);
  let lastId: string | null = null;
  while (verifier.expectedSeq <= head.seq) {
    const page = await graph.eventsInRange(chain, verifier.expectedSeq, head.seq, batch);
    if (page.length === 0) break;
    for (const event of page) {
      const found = verifier.check(event);
      if (found) return broken(verifier.checked, head.seq, found);
      lastId = event.id;
    }
  }
  const end = verifier.finish(head, lastId);
  return end ? broken(verifier.checked, head.seq, end) : { ok: true, checked: verifier.checked, headSeq: head.seq };
}

/** The event before `from`, whose hash the event at `from` must link to. */
async function anchorBefore(graph: AuditGraph, chain: string, from: number): Promise<AuditAnchor | AuditChainBreak> {
  if (from === 1) return { seq: 0, hash: GENESIS_HASH };
  const [before] = await graph.eventsInRange(chain, from - 1, from - 1, 1);
  return before ? { seq: before.seq, hash: before.hash } : { seq: from - 1, id: null, reason: 'missing seq' };
}

function broken(checked: number, headSeq: number, firstBroken: AuditChainBreak): AuditChainReport {
  return { ok: false, checked, headSeq, firstBroken };
}
