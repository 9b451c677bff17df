/**
 * API tokens in the graph: `(:ApiToken {id, name, hash, roles, createdAt, lastUsedAt?, revokedAt?})`.
 * Only the sha256 of a token is stored; records that leave this module never carry it.
 */
import { NotFoundError } from '../../core/errors.js';
import type { GraphClient } from '../graph-client.js';
import { ALL_PROJECTS, formatRoleBinding, normalizeBindings, parseRoleBinding, type ApiTokenRecord, type NewApiToken } from './token-records.js';

/** Tokens a listing returns at most. */
export const MAX_TOKENS_LISTED = 10_000;

export interface TokenGraph {
  /** Stores a new token (by its hash). */
  create(token: NewApiToken): Promise<ApiTokenRecord>;
  /**
   * Stores `token` only when no live token is an admin of every project, and returns null
   * otherwise. Serialised across processes, so two concurrent calls create one token at most.
   */
  createFirstAdmin(token: NewApiToken): Promise<ApiTokenRecord | null>;
  /**
   * The token whose hash is `hash`, revoked or not, or null; a live one is marked used now.
   * One indexed query (the `apitoken_hash` index).
   */
  useByHash(hash: string): Promise<ApiTokenRecord | null>;
  /** Tokens, newest first; revoked ones only when asked. */
  list(opts?: { includeRevoked?: boolean }): Promise<ApiTokenRecord[]>;
  /** Revokes a token (a revoked one stays as it was); NOT_FOUND for an unknown id. */
  revoke(id: string): Promise<ApiTokenRecord>;
}

/** The fields of a token node a caller may see: everything but the hash. */
const PUBLIC_FIELDS = 't {.id, .name, .roles, .createdAt, .lastUsedAt, .revokedAt} AS t';
const GLOBAL_ADMIN = formatRoleBinding({ role: 'admin', project: ALL_PROJECTS });

export function createNeo4jTokenGraph(graph: GraphClient): TokenGraph {
  const now = () => new Date().toISOString();
  const createParams = (token: NewApiToken) => ({
    id: token.id,
    name: token.name,
    hash: token.hash,
    roles: normalizeBindings(token.bindings).map(formatRoleBinding),
    now: now(),
  });
  const CREATE = `CREATE (t:ApiToken {id: $id, name: $name, hash: $hash, roles: $roles, createdAt: $now}) RETURN ${PUBLIC_FIELDS}`;

  return {
    async create(token) {
      const res = await graph.write((tx) => tx.run(CREATE, createParams(token)));
      return toToken(res.records[0]?.get('t'));
    },

    async createFirstAdmin(token) {
      const params = createParams(token);
      const created = await graph.write(async (tx) => {
        // The write on the lock node holds it until commit: a concurrent bootstrap waits here,
        // then sees the token this one created.
        await tx.run('MERGE (l:AuthLock {id: "first-admin"}) SET l.lockedAt = $now', { now: params.now });
        const live = await tx.run('MATCH (t:ApiToken) WHERE t.revokedAt IS NULL AND $admin IN t.roles RETURN t.id AS id LIMIT 1', { admin: GLOBAL_ADMIN });
        if (live.records.length > 0) return null;
        return tx.run(CREATE, params);
      });
      return created ? toToken(created.records[0]?.get('t')) : null;
    },

    async useByHash(hash) {
      const res = await graph.write((tx) =>
        tx.run(
          `MATCH (t:ApiToken {hash: $hash})
           SET t.lastUsedAt = CASE WHEN t.revokedAt IS NULL THEN $now ELSE t.lastUsedAt END
           RETURN ${PUBLIC_FIELDS} LIMIT 1`,
          { hash, now: now() },
        ),
      );
      const rec = res.records[0];
      return rec ? toToken(rec.get('t')) : null;
    },

    async list({ includeRevoked = false } = {}) {
      const res = await graph.read((tx) =>
        tx.run(
          `MATCH (t:ApiToken) WHERE $includeRevoked OR t.revokedAt IS NULL
           RETURN ${PUBLIC_FIELDS} ORDER BY t.createdAt DESC, t.id LIMIT $limit`,
          { includeRevoked, limit: MAX_TOKENS_LISTED },
        ),
      );
      return res.records.map((r) => toToken(r.get('t')));
    },

    async revoke(id) {
      const res = await graph.write((tx) =>
        tx.run(`MATCH (t:ApiToken {id: $id}) SET t.revokedAt = coalesce(t.revokedAt, $now) RETURN ${PUBLIC_FIELDS}`, { id, now: now() }),
      );
      const rec = res.records[0];
      if (!rec) throw new NotFoundError(`token ${id} does not exist: list the tokens with \`stemma auth list-tokens\``, { token: id });
      return toToken(rec.get('t'));
    },
  };
}

function toToken(value: unknown): ApiTokenRecord {
  const t = value as Record<string, unknown>;
  const optional = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(t.id),
    name: String(t.name),
    bindings: ((t.roles as string[] | null) ?? []).map((role) => parseRoleBinding(role)),
    createdAt: String(t.createdAt),
    lastUsedAt: optional(t.lastUsedAt),
    revokedAt: optional(t.revokedAt),
  };
}
