/**
 * Authentication and authorisation of the byte endpoints: every request under `/v1/pfs`
 * carries a token (401 otherwise), and each route needs an action on the project its path
 * names (403 otherwise), with the same JSON errors as the endpoints themselves.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { sendHttpError } from '../http/http-error.js';
import { anonymousActor, type Actor } from './actor.js';
import { can, refusalMessage, type Action } from './policy.js';

const actors = new WeakMap<Request, Actor>();

/** The actor of a request that went through `authenticateRequests`; anonymous otherwise. */
export function actorOf(req: Request): Actor {
  return actors.get(req) ?? anonymousActor();
}

/** Authenticates each request and refuses those without a valid token (401). */
export function authenticateRequests(auth: { authenticate(header: string | undefined): Promise<Actor> }, logger: Logger): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    let actor: Actor;
    try {
      actor = await auth.authenticate(req.headers.authorization);
    } catch (err) {
      sendHttpError(req, res, err, logger);
      return;
    }
    if (actor.kind === 'anonymous') {
      sendHttpError(req, res, new UnauthenticatedError(actor.reason), logger);
      return;
    }
    actors.set(req, actor);
    next();
  };
}

/** Lets a request through when its actor may do `action` on the project of the path (`:project`). */
export function requireProjectAccess(action: Action): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const actor = actorOf(req);
    const project = String(req.params.project);
    if (actor.kind === 'anonymous') next(new UnauthenticatedError(actor.reason));
    else if (!can(actor, action, project)) next(new ForbiddenError(refusalMessage(actor, action, project), { project, action }));
    else next();
  };
}
