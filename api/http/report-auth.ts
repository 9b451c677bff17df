/**
 * Authentication of the report pages. A browser opening a link cannot set a header, so a
 * report also takes its token in the query (`?token=<token>`) when the request carries no
 * `Authorization` header; the token is then moved into the header and masked in the URL the
 * logs see. Everything else is `authenticateRequests`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../core/logger.js';
import type { Actor } from '../auth/actor.js';
import { authenticateRequests } from '../auth/http-auth.js';

export function authenticateReportRequests(auth: { authenticate(header: string | undefined): Promise<Actor> }, logger: Logger): RequestHandler {
  const authenticate = authenticateRequests(auth, logger);
  return (req: Request, res: Response, next: NextFunction) => {
    const token = req.query.token;
    if (typeof token === 'string' && token !== '') {
      if (req.headers.authorization === undefined) req.headers.authorization = `Bearer ${token}`;
      req.originalUrl = maskToken(req.originalUrl);
    }
    void authenticate(req, res, next);
  };
}

/** The URL with the value of its `token` parameter replaced by `[redacted]`. */
export function maskToken(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/g, '$1[redacted]');
}
