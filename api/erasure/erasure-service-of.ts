/**
 * The erasure service the API calls, one per runtime and pipeline service, made on first use:
 * the GraphQL resolvers and the certificate routes share it without widening the request
 * context. Execution itself runs in the workers; the service only queues it.
 */
import type { ErasureService } from '../../compliance/erasure/index.js';
import type { PipelineService } from '../../pipelines/service/index.js';
import type { Runtime } from '../../runtime/create-runtime.js';
import { createErasureEngine } from '../../workers/compliance/create-erasure-engine.js';

const services = new WeakMap<Runtime, WeakMap<PipelineService, ErasureService>>();

/** The erasure service on `runtime`, made once and then reused. */
export function erasureServiceOf(runtime: Runtime, pipelines: PipelineService): ErasureService {
  const byPipelines = services.get(runtime) ?? new WeakMap<PipelineService, ErasureService>();
  services.set(runtime, byPipelines);
  const found = byPipelines.get(pipelines);
  if (found) return found;
  const service = createErasureEngine(runtime, { pipelines }).service;
  byPipelines.set(pipelines, service);
  return service;
}
