/**
 * Starts the built API (dist/) as its own process on a free port for a benchmark, so its
 * memory can be measured apart from the benchmark's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createApiAuth } from '../../api/auth/api-auth.js';
import { loadConfig } from '../../core/config.js';
import { createGraphClient } from '../../graph-schema/graph-client.js';
import { createNeo4jTokenGraph } from '../../graph-schema/auth/index.js';
import { projectRoot } from '../../test/support/stack-env.js';

/** The build this module belongs to (`dist/` or another `--outDir`): the processes it starts come from it. */
const buildRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface BenchApi {
  url: string;
  pid: number;
  /** An admin token minted for the benchmark and revoked when it stops. */
  token: string;
  stop(): Promise<void>;
}

export async function startBenchApi(port = 7171, env: NodeJS.ProcessEnv = {}): Promise<BenchApi> {
  const child: ChildProcess = spawn('node', [join(buildRoot, 'api/main.js')], {
    cwd: projectRoot,
    env: { ...process.env, STEMMA_API_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok).catch(() => false);
    if (ok) break;
    if (i > 240) throw new Error(`the API did not answer at ${url} within 60 s`);
    await sleep(250);
  }
  const graph = createGraphClient(loadConfig(['neo4j']).neo4j);
  const auth = createApiAuth(createNeo4jTokenGraph(graph));
  const issued = await auth.issueToken({ name: `bench-${port}`, bindings: [{ role: 'admin', project: '*' }] });
  return {
    url,
    pid: child.pid ?? -1,
    token: issued.token,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await auth.revokeToken(issued.record.id);
      await graph.close();
    },
  };
}

/** Starts the built worker process (`workers/main.js` of the same build) for a benchmark. */
export function startBenchWorkers(env: NodeJS.ProcessEnv = {}): { stop(): Promise<void> } {
  const child = spawn('node', [join(buildRoot, 'workers/main.js')], {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
