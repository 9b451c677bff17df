import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientAbortError, requestBody, type RequestBody } from './request-body.js';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Starts a server whose handler reads the body through requestBody; resolves with what it read or how it failed. */
function serve(): Promise<{ port: number; outcome: Promise<{ text?: string; error?: unknown; body: RequestBody }> }> {
  let settle!: (v: { text?: string; error?: unknown; body: RequestBody }) => void;
  const outcome = new Promise<{ text?: string; error?: unknown; body: RequestBody }>((resolve) => (settle = resolve));
  server = createServer(async (req: IncomingMessage, res) => {
    const body = requestBody(req);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of body.stream) chunks.push(chunk as Buffer);
      settle({ text: Buffer.concat(chunks).toString('utf8'), body });
      res.end('ok');
    } catch (error) {
      settle({ error, body });
      res.destroy();
    }
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve({ port: (server!.address() as AddressInfo).port, outcome })));
}

describe('requestBody', () => {
  it('passes the whole body through and counts it', async () => {
    const { port, outcome } = await serve();
    const res = await fetch(`http://127.0.0.1:${port}/`, { method: 'PUT', body: 'hello world' });
    expect(await res.text()).toBe('ok');
    const { text, body } = await outcome;
    expect(text).toBe('hello world');
    expect(body.bytes).toBe(11);
    expect(body.aborted).toBe(false);
  });

  it('fails instead of ending when the client goes away mid-body', async () => {
    const { port, outcome } = await serve();
    const req = request({ host: '127.0.0.1', port, method: 'PUT', path: '/', headers: { 'content-length': '1000' } });
    req.on('error', () => {});
    req.write('x'.repeat(100));
    setTimeout(() => req.destroy(), 50);
    const { error, body, text } = await outcome;
    expect(text).toBeUndefined();
    expect(error).toBeInstanceOf(ClientAbortError);
    expect(body.aborted).toBe(true);
  });
});
