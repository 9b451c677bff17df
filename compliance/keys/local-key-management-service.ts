/**
 * A `KeyManagementService` on local disk: master keys in a directory of their own (default
 * `.stemma/keys/`, whose `store-id` file names the store), data keys wrapped with AES-256-GCM under them, bound to their key id.
 * For one machine or a shared volume; a cloud KMS adapter takes its place in production.
 */
import { randomBytes } from 'node:crypto';
import { ErasedError, InvalidArgumentError, NotFoundError } from '../../core/errors.js';
import { openAesGcm, sealAesGcm } from './aes-gcm.js';
import { KeyDirectory } from './key-directory.js';
import type { DataKey, KeyDescription, KeyManagementService, KeyState } from './key-management-service.js';

const DATA_KEY_BYTES = 32;
const WRAP_VERSION = 1;

export interface LocalKeyManagementServiceOptions {
  /** The directory of the master keys; keep it apart from the data (not under the object store's directory). */
  dir: string;
  /** Time recorded when a key is destroyed (default the system clock). */
  clock?: () => Date;
}

export class LocalKeyManagementService implements KeyManagementService {
  private readonly keys: KeyDirectory;
  private readonly clock: () => Date;

  constructor(opts: LocalKeyManagementServiceOptions) {
    this.keys = new KeyDirectory(opts.dir);
    this.clock = opts.clock ?? (() => new Date());
  }

  get dir(): string {
    return this.keys.dir;
  }

  storeId(): Promise<string> {
    return this.keys.storeId();
  }

  async generateDataKey(keyId: string): Promise<DataKey> {
    checkKeyId(keyId);
    await this.refuseDestroyed(keyId);
    const master = (await this.keys.readKey(keyId)) ?? (await this.keys.createKey(keyId));
    const plaintext = randomBytes(DATA_KEY_BYTES);
    const wrapped = Buffer.concat([Buffer.from([WRAP_VERSION]), sealAesGcm(master, plaintext, wrapContext(keyId))]);
    return { plaintext, wrapped };
  }

  async unwrap(keyId: string, wrapped: Buffer): Promise<Buffer> {
    checkKeyId(keyId);
    await this.refuseDestroyed(keyId);
    const master = await this.keys.readKey(keyId);
    if (!master) throw new NotFoundError(`key ${keyId} does not exist in ${this.keys.dir}`, { keyId });
    const plain = wrapped[0] === WRAP_VERSION ? openAesGcm(master, wrapped.subarray(1), wrapContext(keyId)) : null;
    if (!plain || plain.length !== DATA_KEY_BYTES) {
      throw new InvalidArgumentError(`the wrapped data key was not made by key ${keyId}, or was altered`, { keyId });
    }
    return plain;
  }

  async destroyKey(keyId: string): Promise<void> {
    checkKeyId(keyId);
    await this.keys.destroyKey(keyId, this.clock());
  }

  async keyState(keyId: string): Promise<KeyState> {
    return (await this.describeKey(keyId)).state;
  }

  async describeKey(keyId: string): Promise<KeyDescription> {
    checkKeyId(keyId);
    const destroyedAt = await this.keys.destroyedAt(keyId);
    if (destroyedAt) return { keyId, state: 'destroyed', destroyedAt };
    return { keyId, state: (await this.keys.readKey(keyId)) ? 'active' : 'absent' };
  }

  private async refuseDestroyed(keyId: string): Promise<void> {
    const destroyedAt = await this.keys.destroyedAt(keyId);
    if (destroyedAt) {
      throw new ErasedError(`key ${keyId} was destroyed on ${destroyedAt.toISOString()}`, { keyId, destroyedAt: destroyedAt.toISOString() });
    }
  }
}

/** Builds the local-directory key service (see `LocalKeyManagementServiceOptions`). */
export function createLocalKeyManagementService(opts: LocalKeyManagementServiceOptions): LocalKeyManagementService {
  return new LocalKeyManagementService(opts);
}

function wrapContext(keyId: string): Buffer {
  return Buffer.from(`stemma-data-key\u0000${keyId}`, 'utf8');
}

function checkKeyId(keyId: string): void {
  if (typeof keyId !== 'string' || keyId.length === 0 || keyId.length > 1024) {
    throw new InvalidArgumentError('key id: must be a non-empty string of at most 1024 characters');
  }
}
