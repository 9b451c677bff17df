import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogCollector } from './log-collector.js';
import type { LogLine } from './runner.js';

async function collect(chunks: (string | Buffer)[], opts: Parameters<typeof createLogCollector>[0] = {}) {
  const logs = createLogCollector(opts);
  const stream = new PassThrough();
  const done = logs.follow(stream, 'stdout');
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await done;
  return logs.snapshot();
}

describe('createLogCollector', () => {
  it('splits chunks into lines, across chunk boundaries, with or without a final newline', async () => {
    const { logs } = await collect(['first li', 'ne\nsecond\r\nthi', 'rd']);
    expect(logs.map((l) => l.line)).toEqual(['first line', 'second', 'third']);
    expect(logs.every((l) => l.stream === 'stdout')).toBe(true);
  });

  it('keeps a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('naïve ☃\n');
    const { logs } = await collect([bytes.subarray(0, 3), bytes.subarray(3, 8), bytes.subarray(8)]);
    expect(logs.map((l) => l.line)).toEqual(['naïve ☃']);
  });

  it('keeps the last maxLines in order and counts the dropped', async () => {
    const seen: LogLine[] = [];
    const lines = Array.from({ length: 25 }, (_, i) => `line ${i}\n`);
    const { logs, dropped } = await collect(lines, { maxLines: 10, onLog: (l) => seen.push(l) });
    expect(logs.map((l) => l.line)).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 15}`));
    expect(dropped).toBe(15);
    expect(seen).toHaveLength(25);
  });

  it('cuts a line longer than maxLineChars', async () => {
    const { logs } = await collect(['x'.repeat(25), '\n'], { maxLineChars: 10 });
    expect(logs.map((l) => l.line.length)).toEqual([10, 10, 5]);
  });

  it('interleaves lines of two streams and its own messages in arrival order', async () => {
    const logs = createLogCollector();
    const out = new PassThrough();
    const err = new PassThrough();
    const done = Promise.all([logs.follow(out, 'stdout'), logs.follow(err, 'stderr')]);
    out.write('a\n');
    await new Promise((r) => setImmediate(r));
    err.write('b\n');
    await new Promise((r) => setImmediate(r));
    logs.add('stderr', 'c');
    out.end();
    err.end();
    await done;
    expect(logs.snapshot().logs.map((l) => `${l.stream}:${l.line}`)).toEqual(['stdout:a', 'stderr:b', 'stderr:c']);
  });
});
