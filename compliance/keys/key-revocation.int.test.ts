import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.js';
import { createBlobStore } from '../../pfs/blobs/blob-store.js';
import { createTempDirObjectStore } from '../../pfs/object-store/temp-dir-object-store.js';
import { loadStackEnv } from '../../test/support/stack-env.js';
import { createLocalKeyManagementService } from './local-key-management-service.js';
import { createRedisKeyRevocationChannel } from './redis-key-revocation-channel.js';
import { createSubjectKeyring } from './subject-keyring.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two "processes": two keyrings with their own caches and Redis connections over one key directory. */
async function twoProcesses(opts: { listen: boolean }) {
  loadStackEnv();
  const { redis } = loadConfig(['redis']);
  const temp = await createTempDirObjectStore('revocation');
  const keyDir = await mkdtemp(join(tmpdir(), 'stemma-revocation-keys-'));
  cleanups.push(temp.cleanup, () => rm(keyDir, { recursive: true, force: true }));
  const channel = `test-${randomUUID()}`;
  const process = async () => {
    const keyring = createSubjectKeyring({ kms: createLocalKeyManagementService({ dir: keyDir }), cacheTtlMs: 60_000 });
    if (opts.listen) {
      const revocations = createRedisKeyRevocationChannel({ url: redis.url, channel });
      cleanups.push(() => revocations.close());
      await keyring.listenForRevocations(revocations);
    }
    return { keyring, blobs: createBlobStore(temp.store, { resolveTransform: keyring.resolveTransform }) };
  };
  return { a: await process(), b: await process() };
}

async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(20);
  }
  return false;
}

const readsErased = (blobs: ReturnType<typeof createBlobStore>, ref: Awaited<ReturnType<ReturnType<typeof createBlobStore>['writeFile']>>) =>
  blobs.readBuffer(ref).then(
    () => false,
    (err: { code?: string }) => err.code === 'ERASED',
  );

describe('key revocations across processes (Redis pub/sub)', () => {
  it('a keyring that cached a subject key stops decrypting as soon as another one destroys it', async () => {
    const { a, b } = await twoProcesses({ listen: true });
    const subject = `s-${randomUUID()}`;
    const ref = await a.blobs.writeFile(Buffer.from('user_id,income\nx,1\n'), { transform: await a.keyring.transformFor(subject) });
    expect((await a.blobs.readBuffer(ref)).toString()).toContain('income');
    expect((await b.blobs.readBuffer(ref)).toString()).toContain('income');

    await b.keyring.destroySubjectKey(subject);
    await expect(b.blobs.readBuffer(ref)).rejects.toMatchObject({ code: 'ERASED' });
    const started = Date.now();
    expect(await eventually(() => readsErased(a.blobs, ref))).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('without the channel, the other keyring goes on decrypting from its cache (what the channel prevents)', async () => {
    const { a, b } = await twoProcesses({ listen: false });
    const subject = `s-${randomUUID()}`;
    const ref = await a.blobs.writeFile(Buffer.from('user_id,income\ny,2\n'), { transform: await a.keyring.transformFor(subject) });
    expect((await a.blobs.readBuffer(ref)).toString()).toContain('income');
    await b.keyring.destroySubjectKey(subject);
    await sleep(300);
    expect((await a.blobs.readBuffer(ref)).toString()).toContain('income');
    a.keyring.forgetSubject(subject);
    await expect(a.blobs.readBuffer(ref)).rejects.toMatchObject({ code: 'ERASED' });
  });
});
