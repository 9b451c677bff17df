import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { progressLine, progressWanted, startTransferProgress } from './transfer-progress.js';

describe('progressLine', () => {
  it('shows a bar, percentage, sizes and rate when the size is known', () => {
    const line = progressLine({ label: 'upload', bytes: 512 * 1024, totalBytes: 1024 * 1024, files: 0, countFiles: false, elapsedMs: 2000 });
    expect(line).toBe(`upload  ${'█'.repeat(12)}${'░'.repeat(12)} 50%  512 KiB / 1.0 MiB  256 KiB/s`);
  });

  it('shows bytes and files per second for a directory of unknown size', () => {
    const line = progressLine({ label: 'upload', bytes: 10 * 1024 * 1024, files: 300, countFiles: true, elapsedMs: 1000 });
    expect(line).toBe('upload  10.0 MiB  10.0 MiB/s  300 files  300 files/s');
  });

  it('caps the bar at 100%', () => {
    expect(progressLine({ label: 'download', bytes: 20, totalBytes: 10, files: 0, countFiles: false, elapsedMs: 1 })).toContain('100%');
  });
});

describe('progressWanted', () => {
  it('draws only for a terminal, never with --json', () => {
    expect(progressWanted(false, { isTTY: true })).toBe(true);
    expect(progressWanted(true, { isTTY: true })).toBe(false);
    expect(progressWanted(false, { isTTY: false })).toBe(false);
    expect(progressWanted(false, {})).toBe(false);
  });
});

describe('startTransferProgress', () => {
  it('counts the bytes that flow through its counter and files added', async () => {
    const progress = startTransferProgress({ label: 'upload', enabled: false });
    await pipeline(Readable.from([Buffer.alloc(10), Buffer.alloc(5)]), progress.counter(), new PassThrough().resume());
    progress.addFile();
    expect(progress.bytes).toBe(15);
    expect(progress.files).toBe(1);
    progress.stop();
  });

  it('draws on its stream only after the delay', async () => {
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let drawn = '';
    out.on('data', (chunk: Buffer) => (drawn += chunk.toString()));
    const progress = startTransferProgress({ label: 'upload', enabled: true, totalBytes: 100, delayMs: 50, stream: out });
    progress.addBytes(40);
    expect(drawn).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 150));
    progress.addBytes(10);
    progress.stop();
    expect(drawn).toContain('upload');
    expect(drawn).toMatch(/4\d%|50%/);
  });
});
