/**
 * Errors of the byte endpoints as JSON: a StemmaError keeps its code and message, with the
 * HTTP status its code maps to; anything else is a 500 `INTERNAL` whose details stay in the
 * server log.
 */
import type { Request, Response } from 'express';
import { isStemmaError, type ErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

export interface HttpErrorBody {
  error: { code: ErrorCode; message: string };
}

const STATUS: Record<ErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  CONFLICT: 409,
  FAILED_PRECONDITION: 412,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNAVAILABLE: 503,
  ERASED: 410,
  INTERNAL: 500,
};

/** The HTTP status of an error code; unknown codes are internal errors (500). */
export function httpStatusOf(code: string): number {
  return STATUS[code as ErrorCode] ?? 500;
}

/** The status and JSON body a client sees for `err`. */
export function httpErrorOf(err: unknown): { status: number; body: HttpErrorBody } {
  if (isStemmaError(err)) return { status: httpStatusOf(err.code), body: { error: { code: err.code, message: err.message } } };
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal server error' } } };
}

/**
 * Answers `err` as JSON, logging internal errors in full. When the request body was not read to
 * its end the connection is closed after the answer, and the rest of the body is discarded.
 */
export function sendHttpError(req: Request, res: Response, err: unknown, logger: Logger): void {
  const { status, body } = httpErrorOf(err);
  if (status >= 500) logger.error({ err, method: req.method, url: req.originalUrl }, 'request failed');
  else logger.debug({ code: body.error.code, message: body.error.message, url: req.originalUrl }, 'request refused');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (!req.complete) {
    res.setHeader('connection', 'close');
    req.resume();
  }
  if (status === 401) res.setHeader('www-authenticate', 'Bearer realm="stemma"');
  res.status(status).json(body);
}
