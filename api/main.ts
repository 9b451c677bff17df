/** Composition root of the API process. */
import { loadConfig } from '../core/config.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { runProcess } from '../runtime/run-process.js';
import { startApiServer } from './server.js';

await runProcess('api', async () => {
  const { api } = loadConfig(['api']);
  const runtime = await createRuntime({ migrate: true });
  const server = await startApiServer(runtime, { host: api.host, port: api.port });
  return async () => {
    await server.close();
    await runtime.close();
  };
});
