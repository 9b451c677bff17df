/**
 * `node dist/api/bootstrap-admin.js` (here through tsx) against the local stack: it writes an
 * admin token to a 0600 file and shows it once; run again while that token lives, it creates
 * nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../test/support/stack-env.js';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';

const run = promisify(execFile);
let api: PfsApiHarness;
let dir: string;

beforeAll(async () => {
  api = await startPfsApi();
  dir = await mkdtemp(join(tmpdir(), 'stemma-bootstrap-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await api?.close();
});

const bootstrap = (...args: string[]) => run(join(projectRoot, 'node_modules/.bin/tsx'), [join(projectRoot, 'api/bootstrap-admin.ts'), ...args], { cwd: dir, env: process.env });

describe('bootstrap-admin', () => {
  it('writes an admin token of every project to a 0600 file, shows it once, and creates no other while it lives', async () => {
    const file = join(dir, '.stemma', 'admin-token');
    const first = await bootstrap('--token-file', file, '--force');
    const token = (await readFile(file, 'utf8')).trim();
    expect(token).toMatch(/^stm_[A-Za-z0-9_-]{43}$/);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(first.stderr).toContain(token);
    expect(first.stdout).toBe('');

    const me = await api.graphql<{ whoami: { tokenId: string; bindings: unknown[] } }>('{ whoami { tokenId bindings { role project } } }', {}, { token });
    expect(me.data?.whoami.bindings).toEqual([{ role: 'ADMIN', project: null }]);

    const second = await bootstrap('--token-file', file);
    expect(second.stderr).not.toContain('stm_');
    expect((await readFile(file, 'utf8')).trim()).toBe(token);
    await api.query('mutation($id: ID!) { revokeToken(id: $id) { id } }', { id: me.data?.whoami.tokenId });
  });
});
