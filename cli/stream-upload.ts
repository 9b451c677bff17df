/**
 * Streamed uploads over node:http(s). Node 20's fetch keeps a streamed request body in
 * memory until the request ends (undici issue #4058), which would hold a whole file or
 * directory; a plain request with `pipe` sends as the connection takes it, whatever the size.
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

export interface StreamUploadInit {
  method: 'PUT' | 'POST';
  headers: Record<string, string>;
}

/**
 * Sends `body` and resolves with the answer as a fetch Response, as soon as it arrives (a
 * refusal can come before the body is sent; the rest is then dropped). Rejects with the
 * body's own error when reading it failed, else with the connection's error.
 */
export function streamUpload(url: URL, body: Readable, init: StreamUploadInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? https : http).request(url, { method: init.method, headers: init.headers });
    let answered = false;
    let bodyError: Error | undefined;
    request.on('response', (res) => {
      answered = true;
      body.unpipe(request);
      body.destroy();
      resolve(asResponse(res));
    });
    request.on('error', (err) => {
      if (!answered) reject(bodyError ?? err);
    });
    body.on('error', (err) => {
      bodyError = err;
      request.destroy(err);
    });
    body.pipe(request);
  });
}

function asResponse(res: http.IncomingMessage): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      res.on('data', (chunk: Buffer) => controller.enqueue(chunk));
      res.on('end', () => controller.close());
      res.on('error', (err) => controller.error(err));
    },
  });
  return new Response(body, { status: res.statusCode ?? 500, statusText: res.statusMessage ?? '', headers });
}
