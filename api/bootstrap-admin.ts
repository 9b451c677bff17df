/**
 * Creates the first admin token when none lives, writes it to `.stemma/admin-token` (mode
 * 0600) and shows it once on stderr; does nothing when an admin token lives already.
 * `scripts/app.sh start` runs it before starting the API.
 *
 *   node dist/api/bootstrap-admin.js [--token-file <path>] [--force]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../core/config.js';
import { isStemmaError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { createNeo4jTokenGraph } from '../graph-schema/auth/index.js';
import { createGraphClient } from '../graph-schema/graph-client.js';
import { runMigrations } from '../graph-schema/migrate.js';
import { createApiAuth } from './auth/api-auth.js';
import { ensureFirstAdminToken } from './auth/first-admin-token.js';

const { values } = parseArgs({
  options: {
    'token-file': { type: 'string', default: '.stemma/admin-token' },
    force: { type: 'boolean', default: false },
  },
});
const file = values['token-file'] as string;

try {
  const { neo4j } = loadConfig(['neo4j']);
  const logger = createLogger({ level: 'error' });
  const graph = createGraphClient(neo4j, logger);
  try {
    await runMigrations(graph, { logger });
    const { issued } = await ensureFirstAdminToken(createApiAuth(createNeo4jTokenGraph(graph), { logger }), { file, force: Boolean(values.force) });
    if (issued) {
      process.stderr.write(
        `\nstemma: created an admin token of every project (id ${issued.record.id}). It is shown this once:\n\n  ${issued.token}\n\n` +
          `It is saved in ${file} (mode 0600), where the stemma CLI finds it; elsewhere: export STEMMA_TOKEN=<token>.\n\n`,
      );
    } else if (!existsSync(file)) {
      process.stderr.write(`stemma: an admin token exists already, but not in ${file}: use it, or create another with --force\n`);
    }
  } finally {
    await graph.close();
  }
} catch (err) {
  process.stderr.write(`stemma bootstrap-admin: ${isStemmaError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
