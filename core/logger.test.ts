import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

describe('createLogger', () => {
  it('redacts tokens and S3 credentials', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger({ destination: sink }).child({ component: 'test' });
    log.info({ token: 'abc', s3: { secretAccessKey: 'xyz' }, repo: 'images' }, 'hello');
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry.token).toBe('[redacted]');
    expect(entry.s3.secretAccessKey).toBe('[redacted]');
    expect(entry.repo).toBe('images');
    expect(entry.component).toBe('test');
  });
});
