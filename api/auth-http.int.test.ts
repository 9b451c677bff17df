/**
 * Authorisation of the byte endpoints against a real server: 401 without a valid token,
 * 403 on a project the token may not touch, the same JSON errors as every other refusal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintApiToken } from './auth/api-token.js';
import { seedAuthWorld, type AuthWorld } from '../test/support/auth-world.js';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';

let api: PfsApiHarness;
let w: AuthWorld;

beforeAll(async () => {
  api = await startPfsApi();
  w = await seedAuthWorld(api);
});
afterAll(async () => {
  await api?.close();
});

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
}

const put = (token: string | null, url: string, body = 'new') => w.fetchAs(token, url, { method: 'PUT', body });

describe('byte endpoints', () => {
  it('answer 401 without a token, or with an unknown or malformed one', async () => {
    const url = w.fileUrl(w.p1, '/a.txt');
    const none = await w.fetchAs(null, url);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="stemma"');
    expect(await errorOf(none)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: expect.stringContaining('carries no API token') });
    expect(await errorOf(await put(null, url))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await errorOf(await w.fetchAs(mintApiToken().token, url))).toMatchObject({ status: 401, message: expect.stringContaining('not known') });
    const basic = await fetch(url, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(await errorOf(basic)).toMatchObject({ status: 401, message: expect.stringContaining('Bearer <token>') });
    const tar = await w.fetchAs(null, `${api.url}/v1/pfs/${w.p1.project}/${w.p1.repo}/master/tar`, { method: 'POST', body: Buffer.alloc(1024) });
    expect(tar.status).toBe(401);
  });

  it('keep /healthz and /readyz open', async () => {
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).not.toBe(401);
  });

  it('let a reader download but not upload', async () => {
    const t = await w.tokenFor({ role: 'reader', project: w.p1.project });
    const got = await w.fetchAs(t, w.fileUrl(w.p1, '/a.txt'));
    expect([got.status, await got.text()]).toEqual([200, 'alpha']);
    const refused = await errorOf(await put(t, w.fileUrl(w.p1, '/b.txt')));
    expect(refused).toMatchObject({ status: 403, code: 'FORBIDDEN', message: expect.stringContaining(`may not write to project ${w.p1.project}`) });
    const tar = await w.fetchAs(t, `${api.url}/v1/pfs/${w.p1.project}/${w.p1.repo}/master/tar`, { method: 'POST', body: Buffer.alloc(1024) });
    expect(await errorOf(tar)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect((await w.fetchAs(t, w.fileUrl(w.p1, '/b.txt'))).status).toBe(404);
  });

  it('let a writer upload and download in its project, and neither in another (403)', async () => {
    const t = await w.tokenFor({ role: 'writer', project: w.p1.project });
    const res = await put(t, w.fileUrl(w.p1, '/w.txt'), 'written');
    expect(res.status).toBe(200);
    expect(await (await w.fetchAs(t, w.fileUrl(w.p1, '/w.txt'))).text()).toBe('written');
    expect(await errorOf(await put(t, w.fileUrl(w.p2, '/w.txt')))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await errorOf(await w.fetchAs(t, w.fileUrl(w.p2, '/a.txt')))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('let auditors and compliance read where they are bound, and write nowhere', async () => {
    for (const role of ['auditor', 'compliance'] as const) {
      const t = await w.tokenFor({ role, project: w.p2.project });
      expect((await w.fetchAs(t, w.fileUrl(w.p2, '/a.txt'))).status).toBe(200);
      expect((await w.fetchAs(t, w.fileUrl(w.p1, '/a.txt'))).status).toBe(403);
      expect((await put(t, w.fileUrl(w.p2, '/x.txt'))).status).toBe(403);
    }
  });

  it('let an admin of every project upload anywhere', async () => {
    const t = await w.tokenFor({ role: 'admin', project: '*' });
    expect((await put(t, w.fileUrl(w.p2, '/admin.txt'))).status).toBe(200);
  });

  it('refuse a large upload before reading it, and keep serving the next requests', async () => {
    const t = await w.tokenFor({ role: 'reader', project: w.p1.project });
    const refused = await put(t, w.fileUrl(w.p1, '/big.bin'), 'x'.repeat(8 * 1024 * 1024));
    expect(refused.status).toBe(403);
    expect((await api.fetch(w.fileUrl(w.p1, '/a.txt'))).status).toBe(200);
  });
});
