/** Composition root of the worker process. */
import { createRuntime } from '../runtime/create-runtime.js';
import { runProcess } from '../runtime/run-process.js';
import { createErasureEngine } from './compliance/create-erasure-engine.js';
import { createPipelineEngine } from './pipelines/create-pipeline-engine.js';
import { createSystemProcessor, systemQueueName } from './system-processors.js';

await runProcess('workers', async () => {
  const runtime = await createRuntime({ migrate: true });
  const log = runtime.logger.child({ component: 'workers' });
  const consumers = [runtime.queues.consume(systemQueueName, createSystemProcessor(), { concurrency: 4 })];
  const pipelines = createPipelineEngine(runtime);
  const pipelineWorkers = await pipelines.startWorkers();
  const erasureWorkers = await createErasureEngine(runtime, { pipelines: pipelines.service }).startWorkers();
  log.info({ concurrency: runtime.config.runner.concurrency }, 'workers consuming');
  return async () => {
    await erasureWorkers.close();
    await pipelineWorkers.close();
    pipelines.close();
    await Promise.all(consumers.map((c) => c.close()));
    await runtime.close();
  };
});
