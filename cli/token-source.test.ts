import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveApiToken, tokenFiles } from './token-source.js';

let root: string;
let home: string;
let checkout: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'stemma-token-'));
  home = join(root, 'home');
  checkout = join(root, 'work', 'checkout');
  await mkdir(join(home, '.config', 'stemma'), { recursive: true });
  await mkdir(join(checkout, '.stemma'), { recursive: true });
  await mkdir(join(checkout, 'sub', 'dir'), { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('resolveApiToken', () => {
  it('takes --token, then STEMMA_TOKEN, then the user token file, then .stemma/admin-token', async () => {
    await writeFile(join(home, '.config', 'stemma', 'token'), 'stm_user\n');
    await writeFile(join(checkout, '.stemma', 'admin-token'), 'stm_admin\n');
    const cwd = checkout;
    expect(resolveApiToken({ flag: 'stm_flag', env: 'stm_env', cwd, home })).toEqual({ token: 'stm_flag', source: '--token' });
    expect(resolveApiToken({ env: 'stm_env', cwd, home })).toEqual({ token: 'stm_env', source: 'STEMMA_TOKEN' });
    expect(resolveApiToken({ cwd, home })).toEqual({ token: 'stm_user', source: join(home, '.config', 'stemma', 'token') });
    await rm(join(home, '.config', 'stemma', 'token'));
    expect(resolveApiToken({ cwd, home })).toEqual({ token: 'stm_admin', source: join(checkout, '.stemma', 'admin-token') });
  });

  it('finds .stemma/admin-token from a subdirectory of the checkout', async () => {
    await writeFile(join(checkout, '.stemma', 'admin-token'), 'stm_admin\n');
    expect(resolveApiToken({ cwd: join(checkout, 'sub', 'dir'), home }).token).toBe('stm_admin');
  });

  it('honours XDG_CONFIG_HOME and skips empty files', async () => {
    const xdg = join(root, 'xdg');
    await mkdir(join(xdg, 'stemma'), { recursive: true });
    await writeFile(join(xdg, 'stemma', 'token'), '  \n');
    expect(tokenFiles({ cwd: checkout, home, xdgConfigHome: xdg })[0]).toBe(join(xdg, 'stemma', 'token'));
    expect(resolveApiToken({ cwd: checkout, home, xdgConfigHome: xdg })).toEqual({});
  });
});
