/**
 * An audit event and how it is sealed. `hash` is the sha256 of the canonical JSON of
 * `{seq, actor, action, target, at, argsDigest, prevHash}` (plus `summary` when the event has
 * one, so no stored field can change unnoticed); `prevHash` is the hash of the event before
 * (`GENESIS_HASH` for seq 1). Arguments are kept only as a digest: they may hold personal data.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AuditEventRecord } from '../../graph-schema/audit/index.js';
import { canonicalDigest } from './canonical-json.js';

export type AuditEvent = AuditEventRecord;

/** The `prevHash` of a chain's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain of the system's own log. */
export const MAIN_CHAIN = 'main';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest');
const label = (max: number) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not hold control characters');

export const chainIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, _ . : - only, at most 128');

/** What a caller appends; `args` is digested and dropped, `summary` must already be redacted. */
export const auditEventInputSchema = z
  .object({
    actor: label(256),
    action: label(128),
    target: label(1024),
    /** The arguments of the action; only their digest is stored. */
    args: z.unknown().optional(),
    /** A digest the caller computed already (sha256 of the canonical JSON of the arguments). */
    argsDigest: sha256Hex.optional(),
    /** A redacted, human-readable account of the arguments. */
    summary: z.string().max(2000, 'must be at most 2000 characters').optional(),
  })
  .refine((i) => i.args === undefined || i.argsDigest === undefined, { message: 'give args or argsDigest, not both', path: ['argsDigest'] });

export type AuditEventInput = z.input<typeof auditEventInputSchema>;

/** Checks every event before it is written. */
export const auditEventSchema = z.object({
  id: z.uuid(),
  chain: chainIdSchema,
  seq: z.number().int().min(1),
  actor: label(256),
  action: label(128),
  target: label(1024),
  at: z.iso.datetime(),
  argsDigest: sha256Hex,
  summary: z.string().max(2000).optional(),
  prevHash: sha256Hex,
  hash: sha256Hex,
});

export type SealedFields = Pick<AuditEvent, 'seq' | 'actor' | 'action' | 'target' | 'at' | 'argsDigest' | 'prevHash' | 'summary'>;

/** The hash that seals an event's fields and its link to the event before. */
export function hashAuditEvent(e: SealedFields): string {
  return createHash('sha256').update(sealedJson(e), 'utf8').digest('hex');
}

/**
 * The canonical JSON of the sealed fields, written directly (keys in canonical order) since
 * verification hashes every event of the chain; equal to `canonicalJson` of the same object.
 */
export function sealedJson(e: SealedFields): string {
  const q = JSON.stringify;
  const summary = e.summary === undefined ? '' : `,"summary":${q(e.summary)}`;
  return `{"action":${q(e.action)},"actor":${q(e.actor)},"argsDigest":${q(e.argsDigest)},"at":${q(e.at)},"prevHash":${q(e.prevHash)},"seq":${q(e.seq)}${summary},"target":${q(e.target)}}`;
}

/** The digest stored in place of an action's arguments (`null` when it has none). */
export function digestAuditArgs(args: unknown): string {
  return canonicalDigest(args ?? null);
}
