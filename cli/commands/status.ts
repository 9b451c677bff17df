/**
 * `stemma status`: the API and each dependency, its address, version and whether it answers.
 * When the API is down, the dependencies are probed directly from this machine's config.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../core/config.js';
import { silentLogger } from '../../core/logger.js';
import type { DependencyStatus } from '../../runtime/check-dependencies.js';
import type { CliContext } from '../cli-context.js';
import { printJson, printTable } from '../output.js';

interface StatusRow {
  name: string;
  address: string;
  ok: boolean;
  version?: string | undefined;
  error?: string | undefined;
  detail?: string | undefined;
}

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('report the API and each dependency: address, version, whether it answers')
    .action(async () => {
      const rows = await collectStatus(ctx);
      if (ctx.json()) printJson(rows);
      else
        printTable(rows, [
          { header: 'service', value: (r) => r.name },
          { header: 'address', value: (r) => r.address },
          { header: 'status', value: (r) => (r.ok ? 'up' : 'down') },
          { header: 'version', value: (r) => r.version },
          { header: 'detail', value: (r) => r.error ?? r.detail },
        ]);
      if (!rows.every((r) => r.ok)) process.exitCode = 1;
    });
}

async function collectStatus(ctx: CliContext): Promise<StatusRow[]> {
  const api = ctx.api();
  try {
    const res = await api.get('/readyz');
    const body = (await res.json()) as { version: string; dependencies: DependencyStatus[] };
    return [{ name: 'api', address: api.url, ok: true, version: body.version }, ...body.dependencies.map(toRow)];
  } catch {
    const apiRow: StatusRow = { name: 'api', address: api.url, ok: false, error: 'not answering: start it with `npm run demo`' };
    loadConfig(['neo4j', 'redis', 'objectStore']);
    // Loaded only here: the other commands talk to the API and need none of the server side.
    const { createRuntime } = await import('../../runtime/create-runtime.js');
    const { checkDependencies } = await import('../../runtime/check-dependencies.js');
    const rt = await createRuntime({ logger: silentLogger });
    try {
      return [apiRow, ...(await checkDependencies(rt)).map(toRow)];
    } finally {
      await rt.close();
    }
  }
}

function toRow(d: DependencyStatus): StatusRow {
  return { name: d.name, address: d.address, ok: d.ok, version: d.version, error: d.error, detail: d.detail };
}
