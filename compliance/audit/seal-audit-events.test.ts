import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, digestAuditArgs, hashAuditEvent, sealedJson } from './audit-event.js';
import { canonicalJson } from './canonical-json.js';
import { createHash } from 'node:crypto';
import { draftAuditEvent, sealAuditEvents } from './seal-audit-events.js';

const at = new Date('2024-05-01T10:00:00.000Z');
const head = { chain: 'main', seq: 0, hash: GENESIS_HASH };

describe('sealing audit events', () => {
  it('numbers events after the head and links each to the one before', () => {
    const drafts = [1, 2, 3].map((n) => draftAuditEvent({ actor: 'alice', action: 'repo.create', target: `repo-${n}` }));
    const events = sealAuditEvents(head, drafts, at);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events[2]!.prevHash).toBe(events[1]!.hash);
    expect(events.every((e) => e.at === '2024-05-01T10:00:00.000Z' && e.chain === 'main')).toBe(true);
  });

  it('hashes the canonical JSON of the sealed fields', () => {
    const [e] = sealAuditEvents({ chain: 'c', seq: 41, hash: 'f'.repeat(64) }, [draftAuditEvent({ actor: 'a', action: 'x', target: 't', args: { n: 1 } })], at);
    const expected = createHash('sha256')
      .update(canonicalJson({ seq: 42, actor: 'a', action: 'x', target: 't', at: e!.at, argsDigest: e!.argsDigest, prevHash: 'f'.repeat(64) }))
      .digest('hex');
    expect(e!.hash).toBe(expected);
    expect(hashAuditEvent({ ...e!, actor: 'b' })).not.toBe(e!.hash);
  });

  it('writes the sealed fields exactly as canonicalJson does', () => {
    const fields = { seq: 3, actor: 'Zoë "z"', action: 'a\u2028b', target: '\u00e9', at: at.toISOString(), argsDigest: 'a'.repeat(64), prevHash: GENESIS_HASH };
    expect(sealedJson(fields)).toBe(canonicalJson(fields));
    expect(sealedJson({ ...fields, summary: 'rows, 3' })).toBe(canonicalJson({ ...fields, summary: 'rows, 3' }));
  });

  it('keeps only a digest of the arguments, and seals the summary too', () => {
    const draft = draftAuditEvent({ actor: 'a', action: 'erasure.request', target: 'subject', args: { email: 'jane@example.org' }, summary: 'email: <redacted>' });
    expect(draft.argsDigest).toBe(digestAuditArgs({ email: 'jane@example.org' }));
    expect(JSON.stringify(draft)).not.toContain('jane@example.org');
    const [e] = sealAuditEvents(head, [draft], at);
    expect(hashAuditEvent({ ...e!, summary: 'email: jane@example.org' })).not.toBe(e!.hash);
  });

  it('refuses invalid inputs, naming every field at fault', () => {
    expect(() => draftAuditEvent({ actor: '', action: 'x\u0000y', target: 't' })).toThrow(/actor: must not be empty; action: must not hold control characters/);
    expect(() => draftAuditEvent({ actor: 'a', action: 'x', target: 't', args: {}, argsDigest: 'a'.repeat(64) })).toThrow(/give args or argsDigest, not both/);
  });

  it('is pure: sealing the same drafts on the same head gives the same events', () => {
    const drafts = [draftAuditEvent({ actor: 'a', action: 'x', target: 't' })];
    expect(sealAuditEvents(head, drafts, at)).toEqual(sealAuditEvents(head, drafts, at));
  });
});
