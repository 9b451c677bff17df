/**
 * Erasure certificates over HTTP, under `/reports/erasures`: `GET /<erasure id>/certificate.html`
 * (a self-contained page) and `GET /<erasure id>/certificate.json` (the certificate whose sha256
 * the audit chain holds, sent as those very bytes). Every request carries a token with the
 * `audit` action on every project (roles auditor, compliance, admin).
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { createHash } from 'node:crypto';
import type { ErasureService } from '../../compliance/erasure/index.js';
import { FailedPreconditionError, NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Actor } from '../auth/actor.js';
import { authenticateRequests } from '../auth/http-auth.js';
import { sendHttpError } from './http-error.js';
import { requireAction } from './require-action.js';

export interface ErasureReportDeps {
  auth: { authenticate(header: string | undefined): Promise<Actor> };
  /** The erasure service, asked for at each request (it is made on first use). */
  erasures: () => ErasureService;
  logger: Logger;
}

type Format = 'html' | 'json';

const CONTENT_TYPE: Record<Format, string> = { html: 'text/html; charset=utf-8', json: 'application/json; charset=utf-8' };

/** The router to mount at `/reports/erasures`. */
export function createErasureReportRouter(deps: ErasureReportDeps): Router {
  const log = deps.logger.child({ routes: 'erasure-reports' });
  const router = express.Router();
  router.use(authenticateRequests(deps.auth, log), requireAction('audit'));
  for (const format of ['html', 'json'] as const) {
    router.get(`/:id/certificate.${format}`, async (req: Request, res: Response) => {
      try {
        await sendCertificate(deps.erasures(), String(req.params.id), format, res);
      } catch (err) {
        sendHttpError(req, res, err, log);
      }
    });
  }
  router.use((req: Request, res: Response) => {
    sendHttpError(req, res, new NotFoundError(`no endpoint ${req.method} /reports/erasures${req.path}; certificates are GET /reports/erasures/<erasure id>/certificate.html or .json`), log);
  });
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendHttpError(req, res, err, log));
  return router;
}

async function sendCertificate(erasures: ErasureService, id: string, format: Format, res: Response): Promise<void> {
  const certificate = await erasures.certificate(id);
  const body = format === 'html' ? certificate.html : certificateJsonText(id, certificate);
  res
    .status(200)
    .set({
      'content-type': CONTENT_TYPE[format],
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-stemma-certificate-sha256': certificate.sha256,
    })
    .send(Buffer.from(body, 'utf8'));
}

/**
 * The JSON certificate as the text the audit chain's sha256 was computed over (two-space
 * indented, with a final newline), checked against that sha256 before it is sent.
 */
export function certificateJsonText(id: string, certificate: { json: unknown; sha256: string }): string {
  const text = `${JSON.stringify(certificate.json, null, 2)}\n`;
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  if (sha256 !== certificate.sha256) {
    throw new FailedPreconditionError(`the JSON certificate of erasure ${id} does not hash to the sha256 the audit chain recorded (${certificate.sha256}); fetch the HTML page, and report this`, { erasure: id });
  }
  return text;
}
