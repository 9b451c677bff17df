/**
 * Lineage reports for auditors, under `/reports/lineage`: `GET /<global id>.html` is a
 * self-contained page (graph, node details, erasures), `GET /<global id>.json` the same data
 * as JSON; `?depth=` (1 to 10, default 3) and `?direction=` (upstream, downstream, both).
 * Requests carry a token (header, or `?token=` from a browser); a report needs the `audit` action on
 * the project of its node (an auditor role), and nodes of projects the reader may not read
 * are withheld. A page allows, by its Content-Security-Policy, nothing but its own inline
 * style and script.
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { buildLineageReport, LINEAGE_PAGE_CSP, renderLineagePage, withholdNodes, type LineageDirection, type LineageSource } from '../../compliance/reports/index.js';
import { ForbiddenError, InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { ALL_PROJECTS, ROLES } from '../../graph-schema/auth/index.js';
import { createNeo4jLineageGraph, type LineageLabel } from '../../graph-schema/lineage/index.js';
import { createNeo4jErasureTouchGraph } from '../../graph-schema/reports/index.js';
import type { Runtime } from '../../runtime/create-runtime.js';
import type { Actor } from '../auth/actor.js';
import { actorOf } from '../auth/http-auth.js';
import { can, refusalMessage, ROLE_ACTIONS } from '../auth/policy.js';
import { encodeStemmaGlobalId } from '../schema/global-id.js';
import { sendHttpError } from './http-error.js';
import { lineageNodeOf } from './lineage-node-id.js';
import { authenticateReportRequests } from './report-auth.js';

export interface ReportRouteDeps {
  auth: { authenticate(header: string | undefined): Promise<Actor> };
  runtime: Pick<Runtime, 'graph' | 'pfs'>;
  logger: Logger;
  /** Where lineage comes from (default the Neo4j lineage graph of the runtime). */
  lineage?: LineageSource;
}

export const DEFAULT_REPORT_DEPTH = 3;
export const MAX_REPORT_DEPTH = 10;

/** The router to mount at `/reports/lineage`; it authenticates its requests itself. */
export function createLineageReportRouter(deps: ReportRouteDeps): Router {
  const logger = deps.logger.child({ routes: 'lineage-reports' });
  const router = express.Router();
  const graph = createNeo4jLineageGraph(deps.runtime.graph);
  // A report shows every property of its nodes.
  const lineage = deps.lineage ?? { lineage: (req) => graph.lineage({ ...req, label: req.label as LineageLabel, properties: true }) };
  const erasures = createNeo4jErasureTouchGraph(deps.runtime.graph);
  router.use(authenticateReportRequests(deps.auth, logger));
  router.get('/:file', async (req: Request, res: Response) => {
    try {
      const { globalId, format } = reportFileOf(String(req.params.file));
      const actor = actorOf(req);
      if (!auditsSomewhere(actor)) throw new ForbiddenError(refusalMessage(actor, 'audit'), { action: 'audit' });
      const node = await lineageNodeOf(deps.runtime.pfs, globalId);
      const report = await buildLineageReport({ lineage, erasures, globalIdOf: encodeStemmaGlobalId }, { ...node, ...reportQueryOf(req.query) });
      const project = report.root.project ?? ALL_PROJECTS;
      if (!can(actor, 'audit', project)) throw new ForbiddenError(refusalMessage(actor, 'audit', project), { action: 'audit', project });
      const shown = withholdNodes(report, (p) => can(actor, 'read', p));
      res.set({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff' });
      if (format === 'json') res.status(200).json(shown);
      else res.status(200).set({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': `${LINEAGE_PAGE_CSP}; frame-ancestors 'none'` }).send(renderLineagePage(shown));
    } catch (err) {
      sendHttpError(req, res, err, logger);
    }
  });
  router.use((req: Request, res: Response) => {
    sendHttpError(req, res, new NotFoundError(`no endpoint ${req.method} /reports/lineage${req.path}; a lineage report is GET /reports/lineage/<global id>.html or .json`), logger);
  });
  router.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendHttpError(req, res, err, logger));
  return router;
}

/** `<global id>.html` or `<global id>.json` (a global id holds no dot). */
export function reportFileOf(file: string): { globalId: string; format: 'html' | 'json' } {
  const dot = file.lastIndexOf('.');
  const format = dot === -1 ? '' : file.slice(dot + 1);
  if (format !== 'html' && format !== 'json') throw new NotFoundError(`a lineage report is <global id>.html or <global id>.json, not ${JSON.stringify(file.slice(0, 200))}`);
  return { globalId: file.slice(0, dot), format };
}

/** The depth and direction the query string asks for. */
export function reportQueryOf(query: Request['query']): { depth: number; direction: LineageDirection } {
  const depthText = query.depth ?? String(DEFAULT_REPORT_DEPTH);
  const depth = typeof depthText === 'string' && /^[0-9]{1,3}$/.test(depthText) ? Number(depthText) : NaN;
  if (!(depth >= 1 && depth <= MAX_REPORT_DEPTH)) throw new InvalidArgumentError(`depth: must be a whole number from 1 to ${MAX_REPORT_DEPTH}, got ${JSON.stringify(depthText)}`);
  const directionText = query.direction ?? 'both';
  const direction = typeof directionText === 'string' ? directionText.toUpperCase() : '';
  if (direction !== 'UPSTREAM' && direction !== 'DOWNSTREAM' && direction !== 'BOTH') throw new InvalidArgumentError(`direction: must be upstream, downstream or both, got ${JSON.stringify(directionText)}`);
  return { depth, direction };
}

/** Whether the actor holds a role that audits on some project: others are refused before anything is read. */
function auditsSomewhere(actor: Actor): boolean {
  return actor.kind === 'token' && actor.bindings.some((b) => ROLES.includes(b.role) && ROLE_ACTIONS[b.role].includes('audit'));
}
