import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { packKey } from '../../pfs/blobs/blob-keys.js';
import { isPackedRef } from '../../pfs/blobs/content-ref.js';
import { readAllBytes } from '../../pfs/object-store/object-body.js';
import { parseFileRef } from '../../pfs/refs/index.js';
import { createRuntime, type Runtime } from '../../runtime/create-runtime.js';
import { seed, uniqueName } from '../support/seed.js';
import { loadStackEnv } from '../support/stack-env.js';

let rt: Runtime;
let keyDir: string;

beforeAll(async () => {
  loadStackEnv();
  keyDir = await mkdtemp(join(tmpdir(), 'stemma-shredding-keys-'));
  rt = await createRuntime({ env: { ...process.env, STEMMA_KEY_DIR: keyDir }, logger: silentLogger, migrate: true });
});
afterAll(async () => {
  await rt.close();
  await rm(keyDir, { recursive: true, force: true });
});

const text = async (ref: string) => (await readAllBytes((await rt.pfs.getFile(parseFileRef(ref))).stream)).toString('utf8');

describe('crypto-shredding on the real stack (MinIO + Neo4j)', () => {
  it('stores split records encrypted per subject, and destroying a key erases that subject everywhere', async () => {
    expect(rt.config.objectStore.kind).toBe('s3');
    const repo = await seed(rt).repo();
    const u = uniqueName('user');
    const secrets = [1, 2, 3].map(() => `income-${randomUUID()}`);
    const csv = `user_id,income\n${secrets.map((s, i) => `${u}-${i + 1},${s}`).join('\n')}\n`;
    const c1 = await rt.pfs.write(repo.target, (w) => w.putRecords('/applicants.csv', Buffer.from(csv), { format: 'csv', subjectField: 'user_id' }).then(() => undefined));
    await repo.put('/notes.txt', 'a later, unrelated change');
    const files = await rt.pfs.listFiles(parseFileRef(`${repo.name}@master:/applicants.csv`));
    expect(files.map((f) => f.subjects)).toEqual([[`${u}-1`], [`${u}-2`], [`${u}-3`]]);
    const path = files[1]!.path;

    // Read back in clear; the object store holds only ciphertext.
    expect(await text(`${repo.name}@master:${path}`)).toBe(`user_id,income\n${u}-2,${secrets[1]}\n`);
    const entry = (await rt.storage.trees.lookup(c1.manifest, path))!;
    expect(entry.ref.transform).toBe(`aes256gcm:subject@${await rt.keyring.storeId()}:${u}-2`);
    if (!isPackedRef(entry.ref)) throw new Error('expected a packed record');
    const pack = await rt.objects.getBuffer(packKey(entry.ref.pack.id));
    for (const secret of secrets) expect(pack.includes(Buffer.from(secret))).toBe(false);
    expect(pack.includes(Buffer.from(`${u}-2,`))).toBe(false);

    // The keys live apart from the data: one file per subject in the key directory.
    expect((await readdir(keyDir)).filter((f) => f.endsWith('.key'))).toHaveLength(3);

    await rt.keyring.destroySubjectKey(`${u}-2`);
    const erased = new RegExp(`^the records of subject ${u}-2 were erased on \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z; their key was destroyed$`);
    await expect(text(`${repo.name}@master:${path}`)).rejects.toMatchObject({ code: 'ERASED', message: expect.stringMatching(erased) });
    await expect(text(`${repo.name}@${c1.id}:${path}`)).rejects.toMatchObject({ code: 'ERASED' });
    await expect(rt.storage.blobs.readBuffer(entry.ref)).rejects.toMatchObject({ code: 'ERASED' });

    // Everyone else still reads fine, at head and at the old commit.
    expect(await text(`${repo.name}@master:${files[0]!.path}`)).toBe(`user_id,income\n${u}-1,${secrets[0]}\n`);
    expect(await text(`${repo.name}@${c1.id}:${files[2]!.path}`)).toBe(`user_id,income\n${u}-3,${secrets[2]}\n`);
    expect((await readdir(keyDir)).filter((f) => f !== 'store-id')).toHaveLength(3);
    expect(await rt.keyring.subjectKeyState(`${u}-2`)).toBe('destroyed');

    // An erased subject's records are not taken in again.
    const again = rt.pfs.write(repo.target, (w) => w.putRecords('/again.csv', Buffer.from(`user_id,income\n${u}-2,1\n`), { format: 'csv', subjectField: 'user_id' }).then(() => undefined));
    await expect(again).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('refuses a record file that would hold several subjects', async () => {
    const repo = await seed(rt).repo();
    const u = uniqueName('user');
    const csv = `user_id,income\n${u}-1,1\n${u}-2,2\n`;
    const put = rt.pfs.write(repo.target, (w) => w.putRecords('/mixed.csv', Buffer.from(csv), { format: 'csv', subjectField: 'user_id', targetFileDatums: 2 }).then(() => undefined));
    await expect(put).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('/mixed.csv/0000000000000000 (records 1-2)') });
  });
});
