/**
 * Lets a request through when its actor may do an action on every project: for endpoints
 * whose data spans projects, such as the audit log.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors.js';
import { ALL_PROJECTS } from '../../graph-schema/auth/index.js';
import { actorOf } from '../auth/http-auth.js';
import { can, refusalMessage, type Action } from '../auth/policy.js';

export function requireAction(action: Action, project: string = ALL_PROJECTS): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const actor = actorOf(req);
    if (actor.kind === 'anonymous') next(new UnauthenticatedError(actor.reason));
    else if (!can(actor, action, project)) next(new ForbiddenError(refusalMessage(actor, action, project), { action, project }));
    else next();
  };
}
