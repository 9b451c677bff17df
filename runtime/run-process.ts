/**
 * Runs a long-lived process: starts it, stops it cleanly on SIGINT/SIGTERM, and turns a
 * start-up failure into one clear line on stderr and exit code 1 instead of a stack trace.
 */
import { isStemmaError } from '../core/errors.js';

export async function runProcess(name: string, start: () => Promise<() => Promise<void>>): Promise<void> {
  let stop: (() => Promise<void>) | undefined;
  try {
    stop = await start();
  } catch (err) {
    const message = isStemmaError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`stemma ${name}: ${message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`stemma ${name}: ${signal}, stopping\n`);
    await stop?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
