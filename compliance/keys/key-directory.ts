/**
 * Master keys on local disk, one file per key id, in a directory of their own (mode 0700,
 * files 0600), never beside the data. Files are named by the sha256 of the key id, so the
 * directory names no subject. A destroyed key leaves a tombstone holding only the time of
 * destruction; its key file is overwritten, synced and unlinked, and the directory synced.
 * The directory also holds its key store's id (`store-id`, 0600), written once, when first asked for.
 * Keys created at once share their directory syncs: each waits for a sync that began after
 * its file was linked, and one sync serves every file linked before it began.
 * (On copy-on-write or wear-levelled storage an overwrite may not reach the old blocks: keep
 * the directory on a volume whose snapshots and backups follow the same retention.)
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { FailedPreconditionError } from '../../core/errors.js';
import { isKeyStoreId, newKeyStoreId } from './key-store-id.js';

export const MASTER_KEY_BYTES = 32;
const STORE_ID_FILE = 'store-id';

export class KeyDirectory {
  private ready: Promise<void> | null = null;
  private id: Promise<string> | null = null;
  private syncing: Promise<void> | null = null;
  private nextSync: Promise<void> | null = null;
  private syncs = 0;

  constructor(readonly dir: string) {}

  /**
   * This key store's id, from the `store-id` file; the first call on a directory without one
   * writes a random id (atomically: of processes racing, one id wins and all read it).
   */
  storeId(): Promise<string> {
    this.id ??= this.readOrCreateStoreId().catch((err: unknown) => {
      this.id = null;
      throw err;
    });
    return this.id;
  }

  /** The master key of `keyId`, or null when there is no key file. */
  async readKey(keyId: string): Promise<Buffer | null> {
    return readOrNull(this.keyPath(keyId));
  }

  /** When `keyId` was destroyed, or null when it was not. */
  async destroyedAt(keyId: string): Promise<Date | null> {
    const path = this.tombstonePath(keyId);
    const tombstone = await readOrNull(path);
    if (!tombstone) return null;
    const at = new Date(parseTombstone(tombstone)?.destroyedAt ?? Number.NaN);
    // A tombstone that cannot be read still means destroyed; its file's time is the best date left.
    return Number.isNaN(at.getTime()) ? (await stat(path)).mtime : at;
  }

  /** How many times the directory was synced (keys created together share syncs). */
  get directorySyncs(): number {
    return this.syncs;
  }

  /** Creates the master key of `keyId` unless another process just did; returns the key on disk. */
  async createKey(keyId: string): Promise<Buffer> {
    const created = randomBytes(MASTER_KEY_BYTES);
    if (await this.publish(this.keyPath(keyId), created)) return created;
    const key = await this.readKey(keyId);
    if (!key) throw new Error(`master key file of ${keyId} vanished while it was created`);
    return key;
  }

  /** Records that `keyId` is destroyed (keeping the first time if it already was), then shreds its key file. */
  async destroyKey(keyId: string, at: Date): Promise<void> {
    await this.publish(this.tombstonePath(keyId), Buffer.from(JSON.stringify({ destroyedAt: at.toISOString() })));
    await shred(this.keyPath(keyId));
    await this.syncDir();
  }

  private async readOrCreateStoreId(): Promise<string> {
    const path = join(this.dir, STORE_ID_FILE);
    let bytes = await readOrNull(path);
    if (!bytes) {
      await this.publish(path, Buffer.from(`${newKeyStoreId()}\n`, 'utf8'));
      bytes = await readOrNull(path);
    }
    const id = bytes?.toString('utf8').trim() ?? '';
    if (!isKeyStoreId(id)) {
      throw new FailedPreconditionError(`${path} does not hold a key store id (1 to 64 letters, digits, '_' or '-'): restore it from the key store's backup`, { path });
    }
    return id;
  }

  private keyPath(keyId: string): string {
    return join(this.dir, `${fileStem(keyId)}.key`);
  }

  private tombstonePath(keyId: string): string {
    return join(this.dir, `${fileStem(keyId)}.destroyed`);
  }

  private ensureDir(): Promise<void> {
    this.ready ??= mkdir(this.dir, { recursive: true, mode: 0o700 })
      .then(() => chmod(this.dir, 0o700))
      .catch((err: unknown) => {
        this.ready = null;
        throw err;
      });
    return this.ready;
  }

  /**
   * Writes `bytes` to `path` whole or not at all, and never replaces a file already there.
   * True when this call's bytes are the file's; false when another writer's were there first.
   */
  private async publish(path: string, bytes: Buffer): Promise<boolean> {
    await this.ensureDir();
    const temp = join(this.dir, `.${randomUUID()}.tmp`);
    const file = await open(temp, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    let linked = true;
    try {
      await link(temp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      linked = false;
    } finally {
      await unlink(temp);
    }
    await this.syncDir();
    return linked;
  }

  /** Resolves after a sync of the directory that began after this call: one already running may have begun before. */
  private syncDir(): Promise<void> {
    if (!this.syncing) {
      this.syncing = this.fsyncDir().finally(() => {
        this.syncing = null;
      });
      return this.syncing;
    }
    this.nextSync ??= this.syncing
      .catch(() => undefined)
      .then(() => {
        this.nextSync = null;
        return this.syncDir();
      });
    return this.nextSync;
  }

  private async fsyncDir(): Promise<void> {
    this.syncs++;
    const dir = await open(this.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

function parseTombstone(bytes: Buffer): { destroyedAt?: string } | null {
  try {
    return JSON.parse(bytes.toString('utf8')) as { destroyedAt?: string };
  } catch {
    return null;
  }
}

function fileStem(keyId: string): string {
  return createHash('sha256').update(keyId, 'utf8').digest('hex');
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Overwrites a file with random bytes, syncs, and unlinks it; nothing to do when it is gone. */
async function shred(path: string): Promise<void> {
  let file;
  try {
    file = await open(path, 'r+');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    const { size } = await file.stat();
    await file.write(randomBytes(Math.max(size, MASTER_KEY_BYTES)), 0, undefined, 0);
    await file.sync();
  } finally {
    await file.close();
  }
  await unlink(path);
}
