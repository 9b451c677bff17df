import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IssuedToken } from './api-auth.js';
import { ensureFirstAdminToken, writeSecretFile } from './first-admin-token.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stemma-auth-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const issued = (token: string): IssuedToken => ({
  token,
  record: { id: 'id-1', name: 'admin', bindings: [{ role: 'admin', project: '*' }], createdAt: '2024-01-01T00:00:00.000Z', lastUsedAt: null, revokedAt: null },
});

describe('writeSecretFile', () => {
  it('writes the secret readable by its owner only, in a directory it creates', async () => {
    const file = join(dir, '.stemma', 'admin-token');
    await writeSecretFile(file, 'stm_secret');
    expect(await readFile(file, 'utf8')).toBe('stm_secret\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('replaces a file that was readable by others with a 0600 one', async () => {
    const file = join(dir, 'admin-token');
    await writeFile(file, 'old', { mode: 0o644 });
    await writeSecretFile(file, 'stm_new');
    expect(await readFile(file, 'utf8')).toBe('stm_new\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('ensureFirstAdminToken', () => {
  it('writes the token it created, and nothing when an admin token lives', async () => {
    const file = join(dir, 'admin-token');
    let live = false;
    const auth = {
      issueFirstAdminToken: async () => (live ? null : ((live = true), issued('stm_first'))),
      issueToken: async () => issued('stm_forced'),
    };
    expect((await ensureFirstAdminToken(auth, { file })).issued?.token).toBe('stm_first');
    expect(await ensureFirstAdminToken(auth, { file })).toEqual({ file });
    expect(await readFile(file, 'utf8')).toBe('stm_first\n');
    expect((await ensureFirstAdminToken(auth, { file, force: true })).issued?.token).toBe('stm_forced');
    expect(await readFile(file, 'utf8')).toBe('stm_forced\n');
  });
});
