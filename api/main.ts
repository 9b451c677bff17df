/** Composition root of the API process. */
import { loadConfig } from '../core/config.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { runProcess } from '../runtime/run-process.js';
import { createPipelineEngine } from '../workers/pipelines/create-pipeline-engine.js';
import { startApiServer } from './server.js';

await runProcess('api', async () => {
  const { api } = loadConfig(['api']);
  const runtime = await createRuntime({ migrate: true });
  // Commits finished through the API start the pipelines' jobs; the workers run them.
  const pipelines = createPipelineEngine(runtime);
  const server = await startApiServer(runtime, { host: api.host, port: api.port, pipelines: pipelines.service, limits: api.limits });
  return async () => {
    await server.close();
    pipelines.close();
    await runtime.close();
  };
});
