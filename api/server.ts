/**
 * The API's HTTP server: GraphQL at /graphql, the file byte endpoints under /v1/pfs,
 * liveness at /healthz, readiness at /readyz.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { Runtime } from '../runtime/create-runtime.js';
import { checkDependencies } from '../runtime/check-dependencies.js';
import { createPfsRouter } from './http/pfs-routes.js';
import { maskError } from './mask-error.js';
import type { Context } from './schema/builder.js';
import { buildSchema } from './schema/index.js';

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

export const stemmaVersion = '0.1.0';

export async function startApiServer(runtime: Runtime, opts: { host: string; port: number }): Promise<ApiServer> {
  const log = runtime.logger.child({ component: 'api' });
  const apollo = new ApolloServer<Context>({
    schema: buildSchema(),
    formatError: (formatted, error) => maskError(formatted, error, log),
    includeStacktraceInErrorResponses: false,
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
  app.use('/v1/pfs', createPfsRouter(runtime.pfs, log.child({ routes: 'pfs' })));
  app.use(
    '/graphql',
    express.json({ limit: '10mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const requestId = (req.headers['x-request-id'] as string | undefined) ?? randomUUID();
        return { requestId, logger: log.child({ requestId }), runtime };
      },
    }),
  );

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port, opts.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const url = `http://${opts.host}:${port}`;
  log.info({ url }, 'API listening');
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}
