/**
 * A request's body as a stream for the commit writer: it counts the bytes that pass and,
 * when the client goes away before the body's end, fails instead of ending, so a writer
 * reading it throws and nothing half-received is ever committed.
 */
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';

/** The client went away before the end of the request body. */
export class ClientAbortError extends Error {
  constructor() {
    super('the client closed the connection before the request body was complete');
    this.name = 'ClientAbortError';
  }
}

export interface RequestBody {
  readonly stream: Readable;
  /** Bytes read from the request so far. */
  readonly bytes: number;
  /** True once the client went away before the end of the body. */
  readonly aborted: boolean;
  /** Stops feeding the stream and discards the rest of the request (after a refusal). */
  discard(): void;
}

/** Wraps `req` for a writer; the request must not have been read yet. */
export function requestBody(req: IncomingMessage): RequestBody {
  let bytes = 0;
  let aborted = false;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const abort = () => {
    if (req.complete || aborted) return;
    aborted = true;
    req.unpipe(stream);
    stream.destroy(new ClientAbortError());
  };
  req.on('error', abort);
  req.on('close', abort);
  // The writer sees the failure when it reads; an abort before it starts must not go unhandled.
  stream.on('error', () => {});
  req.pipe(stream);
  return {
    stream,
    get bytes() {
      return bytes;
    },
    get aborted() {
      return aborted;
    },
    discard() {
      req.unpipe(stream);
      if (!stream.destroyed) stream.destroy();
      req.resume();
    },
  };
}
