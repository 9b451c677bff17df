/**
 * Before the integration tests: the local stack must answer. Fails with one clear message
 * per missing service instead of a hundred timeouts.
 */
import { silentLogger } from '../core/logger.js';
import { runMigrations } from '../graph-schema/migrate.js';
import { checkDependencies } from '../runtime/check-dependencies.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { loadStackEnv } from './support/stack-env.js';

export default async function setup(): Promise<void> {
  loadStackEnv();
  const rt = await createRuntime({ logger: silentLogger });
  try {
    const down = (await checkDependencies(rt)).filter((d) => !d.ok);
    if (down.length > 0) {
      const lines = down.map((d) => `  - ${d.name} at ${d.address}: ${d.error ?? 'down'}`).join('\n');
      throw new Error(`integration tests need the local stack; not answering:\n${lines}\nstart it with \`npm run stack:up\` (npm test does this for you)`);
    }
    await runMigrations(rt.graph);
  } finally {
    await rt.close();
  }
}
