/**
 * Turns inputs into sealed events that follow a chain's head: consecutive seqs, each event's
 * `prevHash` the hash of the one before, every event checked by zod before it is written.
 */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../../core/errors.js';
import type { AuditHeadRecord } from '../../graph-schema/audit/index.js';
import { auditEventInputSchema, auditEventSchema, digestAuditArgs, hashAuditEvent, type AuditEvent, type AuditEventInput } from './audit-event.js';

/** An input checked and digested, ready to be sealed once the chain's head is known. */
export interface AuditDraft {
  id: string;
  actor: string;
  action: string;
  target: string;
  argsDigest: string;
  summary?: string;
}

/** Checks an input and replaces its arguments by their digest; the arguments go no further. */
export function draftAuditEvent(input: AuditEventInput): AuditDraft {
  const parsed = auditEventInputSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
    throw new InvalidArgumentError(`audit event ${problems.join('; ')}`, { problems });
  }
  const { actor, action, target, args, argsDigest, summary } = parsed.data;
  const draft: AuditDraft = { id: randomUUID(), actor, action, target, argsDigest: argsDigest ?? digestAuditArgs(args) };
  if (summary !== undefined) draft.summary = summary;
  return draft;
}

/** Seals drafts onto `head`, all stamped with the time `at`. Pure: the same head gives the same events. */
export function sealAuditEvents(head: AuditHeadRecord, drafts: readonly AuditDraft[], at: Date): AuditEvent[] {
  const events: AuditEvent[] = [];
  let prev = { seq: head.seq, hash: head.hash };
  for (const draft of drafts) {
    const fields = { ...draft, seq: prev.seq + 1, at: at.toISOString(), prevHash: prev.hash };
    const event = auditEventSchema.parse({ ...fields, chain: head.chain, hash: hashAuditEvent(fields) }) as AuditEvent;
    events.push(event);
    prev = event;
  }
  return events;
}
