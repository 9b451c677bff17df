/**
 * `stemma auth ...` against a real API: the CLI finds its token (--token, STEMMA_TOKEN, a
 * token file), creates, lists and revokes tokens, and says who it is.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../test/support/stack-env.js';
import { startPfsApi, type PfsApiHarness } from '../../test/support/pfs-api.js';

const exec = promisify(execFile);
let api: PfsApiHarness;
let home: string;

beforeAll(async () => {
  api = await startPfsApi();
  home = await mkdtemp(join(tmpdir(), 'stemma-cli-auth-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await api?.close();
});

/** Runs the CLI in an empty directory with an empty home: no token but the ones given. */
async function stemma(args: string[], token?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, STEMMA_API_URL: api.url, HOME: home, XDG_CONFIG_HOME: undefined, STEMMA_TOKEN: token };
  try {
    const { stdout, stderr } = await exec(join(projectRoot, 'node_modules/.bin/tsx'), [join(projectRoot, 'cli/main.ts'), ...args], { cwd: home, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('stemma auth', () => {
  it('creates a token, uses it, lists it and revokes it', async () => {
    const created = await stemma(['auth', 'create-token', '--name', 'cli test', '--role', 'writer:default', '--role', 'reader', '--json'], api.token);
    expect(created.code, created.stderr).toBe(0);
    const { token, apiToken } = JSON.parse(created.stdout) as { token: string; apiToken: { id: string } };
    expect(token).toMatch(/^stm_/);

    const me = await stemma(['auth', 'whoami', '--token', token]);
    expect(me.code, me.stderr).toBe(0);
    expect(me.stdout).toMatch(/Token:\s+cli test/);
    expect(me.stdout).toMatch(/Roles:\s+reader:\*, writer:default/);

    const listed = await stemma(['auth', 'list-tokens', '--json'], api.token);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((t) => t.id)).toContain(apiToken.id);
    expect(listed.stdout).not.toContain(token);

    const forbidden = await stemma(['auth', 'list-tokens'], token);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toMatch(/^stemma: token "cli test" may not administer every project/);

    expect((await stemma(['auth', 'revoke-token', apiToken.id], api.token)).stdout).toBe(`revoked token cli test (id ${apiToken.id})\n`);
    const refused = await stemma(['auth', 'whoami'], token);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('was revoked');
  });

  it('says how to send a token when it has none, and reads one from a token file', async () => {
    const none = await stemma(['auth', 'whoami']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('carries no API token');
    await mkdir(join(home, '.stemma'), { recursive: true });
    await writeFile(join(home, '.stemma', 'admin-token'), `${api.token}\n`, { mode: 0o600 });
    const fromFile = await stemma(['auth', 'whoami', '--json']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ name: 'test-harness-admin' });
    await rm(join(home, '.stemma'), { recursive: true });
  });

  it('refuses an unknown role before calling the API', async () => {
    const bad = await stemma(['auth', 'create-token', '--name', 'x', '--role', 'owner:default'], api.token);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected one of admin, writer, reader, auditor, compliance');
  });
});
