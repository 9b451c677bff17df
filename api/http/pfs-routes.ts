/**
 * The byte endpoints of the versioned file system, under `/v1/pfs`: file upload (PUT), tar
 * upload (POST) and download (GET). Every failure answers JSON `{ error: { code, message } }`.
 * Requests arrive authenticated (`authenticateRequests`); a download needs `read`, an upload
 * `write`, on the project of the path.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import { actorOf, requireProjectAccess } from '../auth/http-auth.js';
import { getFileRoute } from './get-file-route.js';
import { sendHttpError } from './http-error.js';
import type { PfsRouteContext } from './pfs-route-context.js';
import { putFileRoute } from './put-file-route.js';
import type { RequestBody } from './request-body.js';
import { tarUploadRoute } from './tar-upload-route.js';

type PfsHandler = (req: Request, res: Response, ctx: PfsRouteContext) => Promise<void>;

/** The router to mount at `/v1/pfs`. */
export function createPfsRouter(pfs: Pfs, logger: Logger): Router {
  const router = express.Router();
  const route = (handler: PfsHandler) => (req: Request, res: Response) => runHandler(handler, req, res, logger);
  const read = requireProjectAccess('read');
  const write = requireProjectAccess('write');
  router.put('/:project/:repo/:ref/files/*path', write, route(putFileRoute(pfs)));
  router.get('/:project/:repo/:ref/files/*path', read, route(getFileRoute(pfs)));
  router.post('/:project/:repo/:ref/tar', write, route(tarUploadRoute(pfs)));
  router.use((req: Request, res: Response) => {
    sendHttpError(req, res, new NotFoundError(`no endpoint ${req.method} /v1/pfs${req.path}; see the API documentation for the file endpoints`), logger);
  });
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const malformed = err instanceof URIError || (err as { status?: number } | null)?.status === 400;
    sendHttpError(req, res, malformed ? new InvalidArgumentError(`the URL ${JSON.stringify(req.originalUrl.slice(0, 200))} has malformed percent-encoding`) : err, logger);
  });
  return router;
}

async function runHandler(handler: PfsHandler, req: Request, res: Response, logger: Logger): Promise<void> {
  const requestId = headerValue(req.headers['x-request-id']) ?? randomUUID();
  res.setHeader('x-request-id', requestId);
  const bodies: RequestBody[] = [];
  const actor = actorOf(req);
  const ctx: PfsRouteContext = {
    requestId,
    actor,
    logger: logger.child({ requestId, ...(actor.kind === 'token' ? { tokenId: actor.tokenId } : {}) }),
    track: (body) => {
      bodies.push(body);
      return body;
    },
  };
  try {
    await handler(req, res, ctx);
  } catch (err) {
    if (bodies.some((b) => b.aborted)) {
      ctx.logger.info({ method: req.method, url: req.originalUrl }, 'upload aborted by the client; nothing committed');
      res.destroy();
      return;
    }
    for (const body of bodies) body.discard();
    sendHttpError(req, res, err, ctx.logger);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first && /^[A-Za-z0-9._-]{1,128}$/.test(first) ? first : undefined;
}
