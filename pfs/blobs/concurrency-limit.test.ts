import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, mapUnordered } from './concurrency-limit.js';

describe('ConcurrencyLimit', () => {
  it('never runs more tasks at once than its bound', async () => {
    const limit = new ConcurrencyLimit(3);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit.run(async () => {
          peak = Math.max(peak, ++running);
          await sleep(i % 3);
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('gives a slot back when a task fails', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});

describe('mapUnordered', () => {
  it('yields every result, in completion order, within the bound', async () => {
    let running = 0;
    let peak = 0;
    const results: number[] = [];
    for await (const r of mapUnordered([30, 1, 20, 2], 2, async (ms) => {
      peak = Math.max(peak, ++running);
      await sleep(ms);
      running--;
      return ms;
    })) {
      results.push(r);
    }
    expect(results.sort((a, b) => a - b)).toEqual([1, 2, 20, 30]);
    expect(peak).toBe(2);
  });
});
