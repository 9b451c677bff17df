/**
 * Step (b): destroys the subject's key, which makes every historical copy of its records
 * unreadable (old commits, packs in the bucket, backups), and links those versions to the
 * request. A key already destroyed (by this request before a crash, or an earlier erasure)
 * is not destroyed again; the other processes are told again to forget it (they may have missed
 * it if the step was cut short), which is harmless.
 */
import { subjectKeyId } from '../../keys/index.js';
import type { ErasureContext } from '../erasure-context.js';
import type { ErasureRecord } from '../erasure-types.js';

export interface ShredResult {
  keyDestroyedAt: string;
  /** True when this call destroyed the key (false: it already was). */
  destroyedNow: boolean;
  shreddedVersions: number;
}

export async function shredSubjectKey(ctx: ErasureContext, record: ErasureRecord): Promise<ShredResult> {
  const { kms, keyring } = ctx.deps;
  const keyId = subjectKeyId(record.subjectId);
  const before = await kms.describeKey(keyId);
  const destroyedNow = before.state !== 'destroyed';
  if (destroyedNow) await keyring.destroySubjectKey(record.subjectId);
  else await keyring.announceDestroyed(record.subjectId);
  const after = await kms.describeKey(keyId);
  const shreddedVersions = await ctx.erasures.linkShredded(record.id);
  ctx.log.info({ erasure: record.id, destroyedNow, shreddedVersions }, 'subject key destroyed');
  return { keyDestroyedAt: (after.destroyedAt ?? ctx.now()).toISOString(), destroyedNow, shreddedVersions };
}
