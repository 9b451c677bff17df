/**
 * Logging: one pino root per process, child loggers per component, request and job.
 * Tokens and S3 credentials are redacted wherever they appear in a log object.
 */
import { destination, pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export const redactPaths = [
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secretAccessKey',
  '*.secretAccessKey',
  '*.*.secretAccessKey',
  'password',
  '*.password',
];

export interface LoggerOptions {
  level?: string;
  pretty?: boolean;
  name?: string;
  /** Where to write; defaults to stderr so that stdout stays free for command output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = {
    name: opts.name ?? 'stemma',
    level: opts.level ?? 'info',
    redact: { paths: redactPaths, censor: '[redacted]' },
  };
  if (opts.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { destination: 2 } } });
  }
  return pino(options, (opts.destination ?? destination(2)) as DestinationStream);
}

/** A logger that writes nothing: for tests and library callers that pass none. */
export const silentLogger: Logger = pino({ level: 'silent' });
