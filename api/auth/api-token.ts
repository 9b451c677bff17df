/**
 * The API token itself: `stm_` and 43 characters of base64url, 256 random bits. Only its
 * sha256 is stored: a token of that entropy needs no slow hash, and a lookup by hash is one
 * indexed query. The token is shown once, when it is created, and never logged.
 */
import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'stm_';
const TOKEN_PATTERN = /^stm_[A-Za-z0-9_-]{43}$/;

/** A new token and the hash to store for it. */
export function mintApiToken(): { token: string; hash: string } {
  const token = `${PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiToken(token) };
}

/** sha256 of the token, in hex: what the graph stores and looks tokens up by. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

/**
 * The token of an `Authorization` header, or the problem with the header: absent
 * (`token` and `problem` both undefined), not `Bearer <token>`, or not a Stemma token.
 */
export function bearerTokenOf(header: string | undefined): { token?: string; problem?: string } {
  if (header === undefined || header.trim() === '') return {};
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!m?.[1]) return { problem: 'the Authorization header must be `Bearer <token>`' };
  if (!looksLikeApiToken(m[1])) return { problem: `the bearer token is not a Stemma API token (those start with ${PREFIX} and have ${PREFIX.length + 43} characters)` };
  return { token: m[1] };
}
