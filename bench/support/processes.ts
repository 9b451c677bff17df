/**
 * Runs commands for benchmarks and measures them: wall time and peak RSS (GNU time's %M),
 * and the peak RSS of a long-running process from /proc (VmHWM).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Timed {
  ms: number;
  peakRssMiB: number;
  stdout: string;
  stderr: string;
}

export async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '__PEAK_RSS_KB=%M', cmd, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const kb = Number(/__PEAK_RSS_KB=(\d+)/.exec(stderr)?.[1] ?? NaN);
      if (code !== 0) return reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      resolve({ ms, peakRssMiB: kb / 1024, stdout, stderr: stderr.replace(/__PEAK_RSS_KB=\d+\n?/, '') });
    });
  });
}

/** Peak resident memory of a running process, in MiB. */
export function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}
