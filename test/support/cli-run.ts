/**
 * Runs the real `stemma` command (bin/stemma, from source) as a child process against a test
 * server, for integration tests of CLI verbs. About a second per run.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './stack-env.js';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface CliTarget {
  url: string;
  token: string;
  /** The working directory (default the checkout). */
  cwd?: string;
}

/** Runs `stemma <args>` with the target's URL and token; resolves with its exit code and output. */
export function runStemma(target: CliTarget, args: string[]): Promise<CliRun> {
  const env = { ...process.env, STEMMA_API_URL: target.url, STEMMA_TOKEN: target.token, STEMMA_FROM_SOURCE: '1' };
  const child = spawn(join(projectRoot, 'bin/stemma'), args, { cwd: target.cwd ?? projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') }));
  });
}
