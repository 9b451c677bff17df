/**
 * Turns an `Authorization` header into an Actor. Verified tokens are kept in process for a
 * short time (30 s by default), so a page of requests is one lookup, not one each; a token
 * revoked through this process is forgotten at once, one revoked elsewhere within that time.
 */
import type { ApiTokenRecord, TokenGraph } from '../../graph-schema/auth/index.js';
import { anonymousActor, type Actor } from './actor.js';
import { bearerTokenOf, hashApiToken } from './api-token.js';

export const DEFAULT_TOKEN_CACHE_MS = 30_000;
const DEFAULT_MAX_ENTRIES = 10_000;

export interface TokenAuthenticator {
  /** The actor of a request with this `Authorization` header; anonymous, with the reason, when none. */
  authenticate(header: string | undefined): Promise<Actor>;
  /** Drops what is cached for a token (after it was revoked). */
  forget(tokenId: string): void;
}

export interface TokenAuthenticatorOptions {
  /** How long a verified token is trusted without asking the graph again. */
  cacheMs?: number;
  maxEntries?: number;
  /** Milliseconds now; for tests. */
  clock?: () => number;
}

export function createTokenAuthenticator(tokens: Pick<TokenGraph, 'useByHash'>, opts: TokenAuthenticatorOptions = {}): TokenAuthenticator {
  const cacheMs = opts.cacheMs ?? DEFAULT_TOKEN_CACHE_MS;
  const maxEntries = opts.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const clock = opts.clock ?? Date.now;
  const cache = new Map<string, { actor: Actor; tokenId: string | undefined; expiresAt: number }>();

  const remember = (hash: string, actor: Actor, tokenId: string | undefined) => {
    if (cacheMs <= 0) return;
    cache.delete(hash);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(hash, { actor, tokenId, expiresAt: clock() + cacheMs });
  };

  return {
    async authenticate(header) {
      const { token, problem } = bearerTokenOf(header);
      if (problem !== undefined) return anonymousActor(problem);
      if (token === undefined) return anonymousActor();
      const hash = hashApiToken(token);
      const cached = cache.get(hash);
      if (cached && cached.expiresAt > clock()) return cached.actor;
      const record = await tokens.useByHash(hash);
      const actor = actorOf(record);
      remember(hash, actor, record?.id);
      return actor;
    },
    forget(tokenId) {
      for (const [hash, entry] of cache) if (entry.tokenId === tokenId) cache.delete(hash);
    },
  };
}

function actorOf(record: ApiTokenRecord | null): Actor {
  if (!record) return anonymousActor('the API token is not known: check that it was copied whole, or ask an admin for one (`stemma auth create-token`)');
  if (record.revokedAt) return anonymousActor(`the API token ${JSON.stringify(record.name)} was revoked at ${record.revokedAt}: ask an admin for a new one`);
  return { kind: 'token', tokenId: record.id, name: record.name, bindings: record.bindings };
}
