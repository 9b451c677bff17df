/**
 * Runs a long-lived process: starts it, stops it cleanly on SIGINT/SIGTERM, and turns a
 * start-up failure into one clear line on stderr and exit code 1 instead of a stack trace.
 */
import { isStemmaError } from '../core/errors.js';

const STOP_GRACE_MS = 15_000;

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
    if (stopping) {
      process.stderr.write(`stemma ${name}: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`stemma ${name}: ${signal}, stopping\n`);
    // A clean stop waits for in-flight work; past the grace period the process exits anyway.
    const deadline = setTimeout(() => {
      process.stderr.write(`stemma ${name}: still stopping after ${STOP_GRACE_MS / 1000} s, exiting\n`);
      process.exit(1);
    }, STOP_GRACE_MS);
    deadline.unref();
    try {
      await stop?.();
    } catch (err) {
      process.stderr.write(`stemma ${name}: error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
