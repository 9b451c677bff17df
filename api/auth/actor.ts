/**
 * Who makes a request: the API token it carries, with the roles the token holds, or nobody,
 * with the reason a token was not accepted (so a refusal can say what to fix).
 */
import type { RoleBinding } from '../../graph-schema/auth/index.js';

export interface TokenActor {
  kind: 'token';
  tokenId: string;
  /** The token's name, as its creator gave it: whom or what it is for. */
  name: string;
  bindings: readonly RoleBinding[];
}

export interface AnonymousActor {
  kind: 'anonymous';
  /** Why the request has no actor: no token, a malformed one, an unknown or a revoked one. */
  reason: string;
}

export type Actor = TokenActor | AnonymousActor;

export const NO_TOKEN_REASON =
  'this request carries no API token: send the header `Authorization: Bearer <token>` (the CLI reads --token, STEMMA_TOKEN, ~/.config/stemma/token or .stemma/admin-token)';

export function anonymousActor(reason: string = NO_TOKEN_REASON): AnonymousActor {
  return { kind: 'anonymous', reason };
}

export function isAuthenticated(actor: Actor): actor is TokenActor {
  return actor.kind === 'token';
}
