/**
 * Loads `.stemma/stack.env` (written by `npm run stack:up`) into process.env without
 * overriding what is already set, so integration tests find the local stack when run
 * directly with vitest.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root: the nearest folder above this file with a package.json (also from dist/). */
export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(dir: string): string {
  for (let d = dir; d !== dirname(d); d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'scripts'))) return d;
  }
  return join(dir, '..', '..');
}

export function loadStackEnv(file = `${projectRoot}/.stemma/stack.env`): void {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m?.[1]) continue;
    const value = (m[2] ?? '').replace(/^['"]|['"]$/g, '');
    process.env[m[1]] ??= value;
  }
}
