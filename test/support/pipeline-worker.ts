/**
 * A pipeline worker in its own process, so that a test can kill it mid-datum.
 * Usage: node --import tsx test/support/pipeline-worker.ts <project>
 * (with the queue prefix and work directory of the test in the environment).
 */
import { silentLogger } from '../../core/logger.js';
import { createRuntime } from '../../runtime/create-runtime.js';
import { createPipelineEngine } from '../../workers/pipelines/create-pipeline-engine.js';
import { FAST_RECOVERY } from './pipeline-env.js';
import { loadStackEnv } from './stack-env.js';

const [project = 'default'] = process.argv.slice(2);
loadStackEnv();
const runtime = await createRuntime({ logger: silentLogger });
const engine = createPipelineEngine(runtime);
await engine.startWorkers({ ...FAST_RECOVERY, projects: [project] });
process.stdout.write('READY\n');
