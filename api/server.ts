/**
 * The API's HTTP server: GraphQL at /graphql (straight to Apollo, see http/graphql-route.ts),
 * and through Express the file byte endpoints under /v1/pfs, the audit and report routes,
 * liveness at /healthz, readiness at /readyz. Requests are authenticated by API token
 * (`Authorization: Bearer <token>`); only the health endpoints and the `health` field are open.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { createAuditLog } from '../compliance/audit/index.js';
import { createNeo4jAuditGraph } from '../graph-schema/audit/index.js';
import { auditHttpWrites, auditMutationsPlugin } from './audit/audit-mutations.js';
import express from 'express';
import { GraphQLError } from 'graphql';
import { API_QUERY_LIMITS } from '../core/config.js';
import { isStemmaError } from '../core/errors.js';
import { createNeo4jTokenGraph } from '../graph-schema/auth/index.js';
import type { Runtime } from '../runtime/create-runtime.js';
import { checkDependencies } from '../runtime/check-dependencies.js';
import type { PipelineService } from '../pipelines/service/index.js';
import { createPipelineEngine } from '../workers/pipelines/create-pipeline-engine.js';
import type { Actor } from './auth/actor.js';
import { createApiAuth, type ApiAuth } from './auth/api-auth.js';
import { authenticateRequests } from './auth/http-auth.js';
import { createGraphqlRoute, isGraphqlPath } from './http/graphql-route.js';
import { httpStatusOf } from './http/http-error.js';
import { createPfsRouter } from './http/pfs-routes.js';
import { createErasureReportRouter } from './http/erasure-report-routes.js';
import { erasureServiceOf } from './erasure/erasure-service-of.js';
import { createAuditRouter } from './http/audit-routes.js';
import { createLineageReportRouter } from './http/report-routes.js';
import { maskError } from './mask-error.js';
import { queryComplexityPlugin, queryDepthRule, type QueryLimits } from './query-limits.js';
import type { Context } from './schema/builder.js';
import { buildSchema } from './schema/index.js';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export const stemmaVersion = '0.1.0';

/** The largest GraphQL request body the API reads (files go through /v1/pfs). */
export const GRAPHQL_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ApiServerOptions {
  host: string;
  port: number;
  /** How long a verified token is trusted without asking the graph (default 30 s). */
  tokenCacheMs?: number;
  /**
   * The pipeline service resolvers call (`ctx.pipelines`). When absent the server makes one
   * on the runtime, which also hands commits finished through the API to the pipeline queue.
   */
  pipelines?: PipelineService;
  /** How deep and how costly one GraphQL request may be (default: API_QUERY_LIMITS). */
  limits?: QueryLimits;
}

export async function startApiServer(runtime: Runtime, opts: ApiServerOptions): Promise<ApiServer> {
  const log = runtime.logger.child({ component: 'api' });
  const pipelines = pipelineServiceFor(runtime, opts.pipelines);
  const auth = createApiAuth(createNeo4jTokenGraph(runtime.graph), { logger: log, ...(opts.tokenCacheMs !== undefined ? { cacheMs: opts.tokenCacheMs } : {}) });
  const audit = createAuditLog({ graph: createNeo4jAuditGraph(runtime.graph) });
  const limits = opts.limits ?? API_QUERY_LIMITS;
  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    validationRules: [queryDepthRule(limits.maxDepth)],
    formatError: (formatted, error) => maskError(formatted, error, log),
    includeStacktraceInErrorResponses: false,
    // No cache hints are set, so cache control would only watch every field to say `no-store`: the route says it once.
    plugins: [auditMutationsPlugin(audit, log), queryComplexityPlugin(limits.maxComplexity), ApolloServerPluginCacheControlDisabled()],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: stemmaVersion });
  });
  app.get('/readyz', async (_req, res) => {
    const dependencies = await checkDependencies(runtime, { workers: true });
    const ready = dependencies.every((d) => d.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', version: stemmaVersion, dependencies });
  });
  const pfsLog = log.child({ routes: 'pfs' });
  app.use('/v1/pfs', authenticateRequests(auth, pfsLog), auditHttpWrites(audit, pfsLog), createPfsRouter(runtime.pfs, pfsLog));
  app.use('/v1/audit', authenticateRequests(auth, log), createAuditRouter(runtime.graph, log.child({ routes: 'audit' })));
  app.use('/reports/lineage', createLineageReportRouter({ auth, runtime, logger: log }));
  app.use('/reports/erasures', createErasureReportRouter({ auth, erasures: () => erasureServiceOf(runtime, pipelines.service), logger: log }));
  const graphql = createGraphqlRoute(apollo, {
    maxBodyBytes: GRAPHQL_MAX_BODY_BYTES,
    logger: log,
    context: async (req) => {
      const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
      const actor = await authenticate(auth, req.headers.authorization);
      const logger = log.child({ requestId, ...(actor.kind === 'token' ? { tokenId: actor.tokenId } : {}) });
      return { requestId, logger, runtime, auth, actor, pipelines: pipelines.service };
    },
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer((req, res) => (isGraphqlPath(req.url) ? graphql(req, res) : app(req, res)));
    s.once('error', reject);
    s.listen(opts.port, opts.host, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${opts.host}:${port}`;
  log.info({ url }, 'API listening');
  return {
    url,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await apollo.stop();
      pipelines.close();
    },
  };
}

/** The request's actor; a graph that does not answer fails the request with its code and status. */
async function authenticate(auth: ApiAuth, header: string | undefined): Promise<Actor> {
  try {
    return await auth.authenticate(header);
  } catch (err) {
    if (!isStemmaError(err)) throw err;
    throw new GraphQLError(err.message, { extensions: { code: err.code, http: { status: httpStatusOf(err.code) } } });
  }
}

/** The given pipeline service, or one made on the runtime (closed with the server). */
function pipelineServiceFor(runtime: Runtime, given: PipelineService | undefined): { service: PipelineService; close(): void } {
  return given ? { service: given, close: () => undefined } : createPipelineEngine(runtime);
}
