/**
 * The error a refused field answers: UNAUTHENTICATED, with the reason, when the request has
 * no valid token; FORBIDDEN, naming the action, the project and the roles that would allow
 * it, when the token's roles fall short.
 */
import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { ForbiddenError, UnauthenticatedError, type StemmaError } from '../../core/errors.js';
import { ALL_PROJECTS } from '../../graph-schema/auth/index.js';
import type { Actor } from '../auth/actor.js';
import { ACTIONS, refusalMessage, type Action } from '../auth/policy.js';

export function refusalOf(actor: Actor, failure: AuthFailure): StemmaError {
  if (actor.kind === 'anonymous') return new UnauthenticatedError(actor.reason);
  const refused = firstRefusedAction(failure);
  if (!refused) return new ForbiddenError(`token ${JSON.stringify(actor.name)} may not do this`);
  return new ForbiddenError(refusalMessage(actor, refused.action, refused.project), { action: refused.action, project: refused.project });
}

/** The first action scope that failed, with its project. */
function firstRefusedAction(failure: AuthFailure): { action: Action; project: string } | undefined {
  if (failure.kind === AuthScopeFailureType.AuthScope && (ACTIONS as readonly string[]).includes(failure.scope)) {
    return { action: failure.scope as Action, project: typeof failure.parameter === 'string' ? failure.parameter : ALL_PROJECTS };
  }
  if (failure.kind === AuthScopeFailureType.AnyAuthScopes || failure.kind === AuthScopeFailureType.AllAuthScopes) {
    for (const child of failure.failures) {
      const found = firstRefusedAction(child);
      if (found) return found;
    }
  }
  return undefined;
}
