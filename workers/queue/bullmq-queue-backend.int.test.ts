import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createBullmqQueueBackend } from './bullmq-queue-backend.js';
import { FinalError } from './work-queue.js';

const { redis } = loadConfig(['redis']);
const backend = createBullmqQueueBackend({ url: redis.url, queuePrefix: `test-${randomUUID().slice(0, 8)}` });

afterAll(() => backend.close());

describe('BullMQ queue backend (real Redis)', () => {
  it('answers PING with the server version', async () => {
    const { version } = await backend.ping();
    expect(version).toMatch(/^\d+\.\d+/);
  });

  it('round-trips a job: enqueue, process, result back', async () => {
    const name = `test-${randomUUID()}`;
    const q = backend.queue<{ n: number }, { doubled: number }>(name);
    const seen: number[] = [];
    const consumer = backend.consume<{ n: number }, { doubled: number }>(name, async (item) => {
      seen.push(item.data.n);
      await item.progress(50);
      return { doubled: item.data.n * 2 };
    });
    const id = await q.add('double', { n: 21 });
    await expect(q.waitFor(id, 15_000)).resolves.toEqual({ doubled: 42 });
    expect(seen).toEqual([21]);
    await consumer.close();
    await q.obliterate();
  });

  it('retries a failing job, and stops at once on a FinalError', async () => {
    const name = `test-${randomUUID()}`;
    const q = backend.queue<{ final: boolean }, string>(name);
    const attempts: Record<string, number> = {};
    const consumer = backend.consume<{ final: boolean }, string>(name, async (item) => {
      attempts[item.id] = item.attempt;
      if (item.data.final) throw new FinalError('never works');
      if (item.attempt < 3) throw new Error('flaky');
      return 'ok';
    });
    const flaky = await q.add('flaky', { final: false }, { attempts: 3, backoffMs: 10 });
    const final = await q.add('final', { final: true }, { attempts: 3, backoffMs: 10 });
    await expect(q.waitFor(flaky, 15_000)).resolves.toBe('ok');
    await expect(q.waitFor(final, 15_000)).rejects.toThrow('never works');
    expect(attempts[flaky]).toBe(3);
    expect(attempts[final]).toBe(1);
    await consumer.close();
    await q.obliterate();
  });

  it('keeps a completed id blocking a new add by default, and not with removeOnComplete', async () => {
    const name = `test-${randomUUID()}`;
    const q = backend.queue<{ n: number }, number>(name);
    const seen: number[] = [];
    const consumer = backend.consume<{ n: number }, number>(name, async (item) => {
      seen.push(item.data.n);
      return item.data.n;
    });
    await q.waitFor(await q.add('kept', { n: 1 }, { jobId: 'kept' }), 15_000);
    await q.add('kept', { n: 2 }, { jobId: 'kept' });
    await q.waitFor(await q.add('dropped', { n: 3 }, { jobId: 'dropped', removeOnComplete: true }), 15_000);
    await new Promise((r) => setTimeout(r, 200));
    await q.add('dropped', { n: 4 }, { jobId: 'dropped', removeOnComplete: true });
    await expect.poll(() => seen, { timeout: 15_000 }).toContain(4);
    expect(seen).toEqual([1, 3, 4]);
    expect(backend.namespace).toMatch(/^test-/);
    await consumer.close();
    await q.obliterate();
  });

  it('names the service and the command that starts it when Redis is down', async () => {
    const down = createBullmqQueueBackend({ url: 'redis://127.0.0.1:1', queuePrefix: 'x' });
    await expect(down.ping()).rejects.toThrow(/Redis is not answering at redis:\/\/127.0.0.1:1: start it with `npm run stack:up`/);
    await down.close();
  });
});
