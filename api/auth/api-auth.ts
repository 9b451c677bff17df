/**
 * API tokens for the server: authenticating requests, and the token management behind the
 * `createToken`, `tokens` and `revokeToken` fields. A new token's secret is returned once,
 * to its creator, and never logged.
 */
import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/logger.js';
import { formatRoleBinding, normalizeBindings, validateBindingProject, type ApiTokenRecord, type RoleBinding, type TokenGraph } from '../../graph-schema/auth/index.js';
import { mintApiToken } from './api-token.js';
import { createTokenAuthenticator, type TokenAuthenticator, type TokenAuthenticatorOptions } from './token-authenticator.js';

export interface IssuedToken {
  /** The secret, shown this once. */
  token: string;
  record: ApiTokenRecord;
}

export interface ApiAuth extends Pick<TokenAuthenticator, 'authenticate'> {
  /** Creates a token with these role bindings. */
  issueToken(input: { name: string; bindings: readonly RoleBinding[] }): Promise<IssuedToken>;
  /** Creates an admin token of every project, unless a live one exists (then null). */
  issueFirstAdminToken(name?: string): Promise<IssuedToken | null>;
  listTokens(opts?: { includeRevoked?: boolean }): Promise<ApiTokenRecord[]>;
  /** Revokes a token; this process refuses it from now on, others within the cache time. */
  revokeToken(id: string): Promise<ApiTokenRecord>;
}

const NAME_PATTERN = /^[^\p{Cc}]{1,100}$/u;

export function createApiAuth(tokens: TokenGraph, opts: TokenAuthenticatorOptions & { logger?: Logger } = {}): ApiAuth {
  const log = (opts.logger ?? silentLogger).child({ component: 'auth' });
  const authenticator = createTokenAuthenticator(tokens, opts);
  const prepare = (name: string, bindings: readonly RoleBinding[]) => {
    const { token, hash } = mintApiToken();
    return { token, stored: { id: randomUUID(), name: validateTokenName(name), hash, bindings: validateBindings(bindings) } };
  };
  const issued = (token: string, record: ApiTokenRecord): IssuedToken => {
    log.info({ tokenId: record.id, name: record.name, roles: record.bindings.map(formatRoleBinding) }, 'API token created');
    return { token, record };
  };

  return {
    authenticate: authenticator.authenticate,
    async issueToken({ name, bindings }) {
      const { token, stored } = prepare(name, bindings);
      return issued(token, await tokens.create(stored));
    },
    async issueFirstAdminToken(name = 'admin') {
      const { token, stored } = prepare(name, [{ role: 'admin', project: '*' }]);
      const record = await tokens.createFirstAdmin(stored);
      return record ? issued(token, record) : null;
    },
    listTokens: (listOpts) => tokens.list(listOpts),
    async revokeToken(id) {
      const record = await tokens.revoke(id);
      authenticator.forget(id);
      log.info({ tokenId: id, name: record.name }, 'API token revoked');
      return record;
    },
  };
}

function validateTokenName(name: string): string {
  const trimmed = name.trim();
  if (!NAME_PATTERN.test(trimmed)) throw new InvalidArgumentError('name: give the token a name of 1 to 100 characters, without control characters (whom or what it is for)', { argument: 'name' });
  return trimmed;
}

function validateBindings(bindings: readonly RoleBinding[]): RoleBinding[] {
  if (bindings.length === 0) throw new InvalidArgumentError('bindings: a token needs at least one role, e.g. writer on project default', { argument: 'bindings' });
  for (const b of bindings) validateBindingProject(b.project, formatRoleBinding(b));
  return normalizeBindings(bindings);
}
