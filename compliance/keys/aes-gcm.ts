/**
 * AES-256-GCM with a fresh random 12-byte IV per message: `iv ‖ ciphertext ‖ tag` (16-byte
 * tag), with additional data that binds the message to its context (a key id, a transform).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const AES_GCM_OVERHEAD = IV_BYTES + TAG_BYTES;

export function sealAesGcm(key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** The plain bytes of a sealed message, or null when it fails authentication (wrong key, altered bytes, other context). */
export function openAesGcm(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < AES_GCM_OVERHEAD) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}
