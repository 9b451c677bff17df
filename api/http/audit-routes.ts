/**
 * The audit log over HTTP, under `/v1/audit`: `GET /events.csv` streams the events matching
 * `actor`, `action`, `target`, `from` (inclusive) and `to` (exclusive) as RFC 4180 CSV, read
 * from the graph a page at a time, so an export of any size holds one page in memory.
 * Requests arrive authenticated; they need the `audit` action on every project.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { chainIdSchema, createAuditLog, MAIN_CHAIN, type AuditFilter } from '../../compliance/audit/index.js';
import { InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import type { GraphClient } from '../../graph-schema/graph-client.js';
import { requireAction } from './require-action.js';
import { sendHttpError } from './http-error.js';

/** Bytes gathered before a write: rows are small, and one write per row would be slow. */
const FLUSH_BYTES = 64 * 1024;

/** The router to mount at `/v1/audit`, behind `authenticateRequests`. */
export function createAuditRouter(graph: GraphClient, logger: Logger): Router {
  const router = express.Router();
  const audit = createNeo4jAuditGraph(graph);
  router.get('/events.csv', requireAction('audit'), async (req: Request, res: Response) => {
    try {
      const log = createAuditLog({ graph: audit, chain: chainOf(req.query.chain) });
      await streamCsv(log.exportAuditCsv(auditFilterOf(req.query)), res);
    } catch (err) {
      sendHttpError(req, res, err, logger);
    }
  });
  router.use((req: Request, res: Response) => {
    sendHttpError(req, res, new NotFoundError(`no endpoint ${req.method} /v1/audit${req.path}; the audit export is GET /v1/audit/events.csv`), logger);
  });
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendHttpError(req, res, err, logger));
  return router;
}

/** The filter the query string asks for; each parameter given once, as text. */
export function auditFilterOf(query: Request['query']): AuditFilter {
  const filter: AuditFilter = {};
  for (const name of ['actor', 'action', 'target', 'from', 'to'] as const) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    if (typeof value !== 'string') throw new InvalidArgumentError(`${name}: give it once, as text`);
    filter[name] = value;
  }
  return filter;
}

function chainOf(value: unknown): string {
  if (value === undefined || value === '') return MAIN_CHAIN;
  if (typeof value !== 'string' || !chainIdSchema.safeParse(value).success) throw new InvalidArgumentError(`chain: ${JSON.stringify(String(value))} is not an audit chain id`);
  return value;
}

/**
 * Writes the CSV once its first piece is read (a bad filter fails before any header is
 * sent), in chunks of about 64 KiB, at the pace the client reads.
 */
async function streamCsv(rows: AsyncIterable<string>, res: Response): Promise<void> {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next();
  res.status(200).set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="audit-events.csv"', 'cache-control': 'no-store' });
  await pipeline(Readable.from(batched(first, iterator)), res);
}

async function* batched(first: IteratorResult<string>, rest: AsyncIterator<string>): AsyncGenerator<string> {
  let pending = first.done ? '' : first.value;
  for (let next = await rest.next(); !next.done; next = await rest.next()) {
    pending += next.value;
    if (pending.length < FLUSH_BYTES) continue;
    yield pending;
    pending = '';
  }
  if (pending) yield pending;
}
