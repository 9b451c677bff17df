/**
 * Small seed helpers for integration tests: a runtime on the real stack, a versioned file
 * system on it, and unique repo names so tests never see each other's data.
 */
import { randomUUID } from 'node:crypto';
import { silentLogger } from '../../core/logger.js';
import { createRuntime, type Runtime } from '../../runtime/create-runtime.js';
import { loadStackEnv } from './stack-env.js';

export function uniqueName(prefix = 't'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function testRuntime(): Promise<Runtime> {
  loadStackEnv();
  return createRuntime({ logger: silentLogger, migrate: true });
}

/** `seed.repo('images').put('/a.png', 'bytes')` style helpers over a runtime's file system. */
export function seed(rt: Runtime) {
  return {
    async repo(name = uniqueName('repo'), project = 'default') {
      await rt.pfs.createRepo(project, name);
      const target = { project, repo: name, branch: 'master' };
      return {
        name,
        project,
        target,
        put: (path: string, content: string | Buffer, branch = 'master') =>
          rt.pfs.write({ ...target, branch }, async (w) => {
            await w.putFile(path, Buffer.isBuffer(content) ? content : Buffer.from(content));
          }),
        putMany: (files: Record<string, string>, branch = 'master') =>
          rt.pfs.write({ ...target, branch }, async (w) => {
            for (const [path, content] of Object.entries(files)) await w.putFile(path, Buffer.from(content));
          }),
      };
    },
  };
}
