/**
 * Erasure workers in their own process, so that a test can kill one mid-execution.
 * Usage: node --import tsx test/support/erasure-worker.ts <audit chain>
 * (with the queue prefix, work directory and key directory of the test in the environment).
 * It runs no pipeline workers: the test's process runs those.
 */
import { createAuditLog } from '../../compliance/audit/index.js';
import { silentLogger } from '../../core/logger.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import { createRuntime } from '../../runtime/create-runtime.js';
import { createErasureEngine } from '../../workers/compliance/create-erasure-engine.js';
import { createPipelineEngine } from '../../workers/pipelines/create-pipeline-engine.js';
import { loadStackEnv } from './stack-env.js';

const [chain = 'main'] = process.argv.slice(2);
loadStackEnv();
const runtime = await createRuntime({ logger: silentLogger });
const pipelines = createPipelineEngine(runtime);
const audit = createAuditLog({ graph: createNeo4jAuditGraph(runtime.graph), chain });
await createErasureEngine(runtime, { pipelines: pipelines.service, audit, certificateDir: null }).startWorkers({ leaseMs: 10_000, lockMs: 2_000, stalledIntervalMs: 1_000 });
process.stdout.write('READY\n');
