/**
 * One key per data subject (`subject:<subjectId>` in the key service), created on first use:
 * every file of a subject's records is encrypted under it, so destroying it erases the
 * subject from every commit, branch and backup at once, without rewriting history.
 *
 * Data keys are cached for `cacheTtlMs` (default 30 s). The process that destroys a key drops
 * its cache at once and, through a `KeyRevocationChannel`, tells every other process to drop
 * theirs (`listenForRevocations`); a process whose channel may have missed a message forgets
 * all its keys. Without a channel, another process may go on using a cached data key for up
 * to the TTL.
 *
 * A file is encrypted under a subject's key only when all its records are that subject's: a
 * file mixing subjects is refused, since no single key could erase one of them alone (split
 * one record per file, the default, or group only one subject's records).
 *
 * Transform ids name the key store (`aes256gcm:subject@<storeId>:<subjectId>`): a keyring
 * reads content of its own store and content written before stores had ids, and refuses
 * content of another store with an error naming both stores.
 */
import { ErasedError, FailedPreconditionError, InvalidArgumentError } from '../../core/errors.js';
import type { BlobTransform } from '../../pfs/blobs/blob-transform.js';
import type { SubjectTransforms } from '../../pfs/blobs/subject-transforms.js';
import { ExpiringCache } from './expiring-cache.js';
import type { DataKey, KeyManagementService, KeyState } from './key-management-service.js';
import type { KeyRevocationChannel } from './key-revocation-channel.js';
import { createSubjectBlobTransform, parseSubjectTransform, subjectTransformId, type SubjectTransformName } from './subject-blob-transform.js';

export interface SubjectKeyringOptions {
  kms: KeyManagementService;
  /** How long data keys and key states stay cached (default 30,000 ms; 0 turns caching off). */
  cacheTtlMs?: number;
  /** Cached keys at most (default 10,000). */
  cacheSize?: number;
  now?: () => number;
}

/** The key service's id of a subject's key. */
export function subjectKeyId(subjectId: string): string {
  return `subject:${subjectId}`;
}

export class SubjectKeyring implements SubjectTransforms {
  private readonly kms: KeyManagementService;
  private readonly writeKeys: ExpiringCache<string, Promise<DataKey>>;
  private readonly readKeys: ExpiringCache<string, Promise<Buffer>>;
  private readonly activeSubjects: ExpiringCache<string, true>;
  private readonly channels = new Set<KeyRevocationChannel>();
  /** Bumped by every forget, so a key-state check that was under way then caches nothing. */
  private forgetting = 0;
  private ownStoreId: Promise<string> | null = null;

  constructor(opts: SubjectKeyringOptions) {
    this.kms = opts.kms;
    const ttl = opts.cacheTtlMs ?? 30_000;
    const size = opts.cacheSize ?? 10_000;
    this.writeKeys = new ExpiringCache(size, ttl, opts.now);
    this.readKeys = new ExpiringCache(size, ttl, opts.now);
    this.activeSubjects = new ExpiringCache(size, ttl, opts.now);
  }

  /** The id of the key store this keyring's keys live in (see `KeyManagementService.storeId`). */
  storeId(): Promise<string> {
    this.ownStoreId ??= this.kms.storeId().catch((err: unknown) => {
      this.ownStoreId = null;
      throw err;
    });
    return this.ownStoreId;
  }

  /** The transform that encrypts a subject's files under its key in this store, and decrypts them while the key lives. */
  async transformFor(subjectId: string): Promise<BlobTransform> {
    if (subjectId === '') throw new InvalidArgumentError('subject id: must not be empty');
    return this.transformNamed(subjectId, subjectTransformId(subjectId, await this.storeId()));
  }

  async transformForSubjects(subjects: readonly string[]): Promise<BlobTransform | undefined> {
    const distinct = [...new Set(subjects)];
    if (distinct.length === 0) return undefined;
    if (distinct.length > 1) {
      throw new InvalidArgumentError(
        `a file holds records of ${distinct.length} subjects, and each subject's records must be erasable alone: ` +
          'split with one record per file (targetFileDatums 1, the default) or group only records of one subject',
        { subjectCount: distinct.length },
      );
    }
    return this.transformFor(distinct[0]!);
  }

  /**
   * Resolves a subject transform of this key store, or one written before stores had ids.
   * Throws `ErasedError` at once when this store destroyed that subject's key, and
   * `FailedPreconditionError` naming both stores when another key store encrypted the content.
   */
  readonly resolveTransform = async (transformId: string): Promise<BlobTransform> => {
    const name = parseSubjectTransform(transformId);
    if (name === null) {
      throw new FailedPreconditionError(`content is encoded by transform ${transformId}, which the subject keyring does not know`, { transform: transformId });
    }
    const storeId = await this.storeId();
    if (name.storeId !== null && name.storeId !== storeId) throw foreignStore(name, storeId);
    await this.checkReadable(name.subjectId, storeId);
    return this.transformNamed(name.subjectId, transformId);
  };

  /** Destroys a subject's key for good: every file encrypted under it, in any commit, becomes unreadable. */
  async destroySubjectKey(subjectId: string): Promise<void> {
    await this.kms.destroyKey(subjectKeyId(subjectId));
    await this.announceDestroyed(subjectId);
  }

  /** Forgets a destroyed key here and tells every process listening on this keyring's channels to forget it too. */
  async announceDestroyed(subjectId: string): Promise<void> {
    this.forgetSubject(subjectId);
    await Promise.all([...this.channels].map((channel) => channel.announce(subjectId)));
  }

  /** Drops every cached key and verdict of a subject: the next use asks the key service. */
  forgetSubject(subjectId: string): void {
    this.forgetting++;
    this.writeKeys.delete(subjectId);
    this.activeSubjects.delete(subjectId);
    this.readKeys.deleteWhere((key) => key.startsWith(`${subjectId}\u0000`));
  }

  /** Drops every cached key and verdict. */
  forgetAll(): void {
    this.forgetting++;
    this.writeKeys.deleteWhere(() => true);
    this.activeSubjects.deleteWhere(() => true);
    this.readKeys.deleteWhere(() => true);
  }

  /**
   * Forgets a subject's keys as soon as any process announces its destruction on `channel`,
   * and announces there the keys this keyring destroys. Returns the function that stops it.
   */
  async listenForRevocations(channel: KeyRevocationChannel): Promise<() => Promise<void>> {
    this.channels.add(channel);
    const stop = await channel.subscribe(
      (subjectId) => this.forgetSubject(subjectId),
      () => this.forgetAll(),
    );
    return async () => {
      this.channels.delete(channel);
      await stop();
    };
  }

  subjectKeyState(subjectId: string): Promise<KeyState> {
    return this.kms.keyState(subjectKeyId(subjectId));
  }

  private transformNamed(subjectId: string, transformId: string): BlobTransform {
    return createSubjectBlobTransform(transformId, {
      current: () => this.writeKey(subjectId),
      unwrap: (wrapped) => this.readKey(subjectId, wrapped),
    });
  }

  private async checkReadable(subjectId: string, storeId: string): Promise<void> {
    if (this.activeSubjects.get(subjectId)) return;
    const generation = this.forgetting;
    const key = await this.kms.describeKey(subjectKeyId(subjectId));
    if (key.state === 'destroyed') throw erased(subjectId, key.destroyedAt?.toISOString() ?? 'an unknown date');
    if (key.state === 'absent') {
      throw new FailedPreconditionError(
        `key store ${storeId} holds no key for subject ${subjectId}, whose records are encrypted: check that STEMMA_KEY_DIR points at the key store they were written with`,
        { subjectId, storeId },
      );
    }
    if (generation === this.forgetting) this.activeSubjects.set(subjectId, true);
  }

  private writeKey(subjectId: string): Promise<DataKey> {
    return this.cached(this.writeKeys, subjectId, async () => {
      try {
        return await this.kms.generateDataKey(subjectKeyId(subjectId));
      } catch (err) {
        if (!(err instanceof ErasedError)) throw err;
        throw new FailedPreconditionError(
          `subject ${subjectId} was erased on ${String(err.details.destroyedAt)} (its key was destroyed); records of an erased subject are not stored again`,
          { subjectId },
          { cause: err },
        );
      }
    });
  }

  private readKey(subjectId: string, wrapped: Buffer): Promise<Buffer> {
    return this.cached(this.readKeys, `${subjectId}\u0000${wrapped.toString('base64')}`, async () => {
      try {
        return await this.kms.unwrap(subjectKeyId(subjectId), wrapped);
      } catch (err) {
        if (err instanceof ErasedError) throw erased(subjectId, String(err.details.destroyedAt), err);
        throw err;
      }
    });
  }

  private cached<V>(cache: ExpiringCache<string, Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
    let value = cache.get(key);
    if (!value) {
      value = load();
      cache.set(key, value);
      value.catch(() => cache.delete(key));
    }
    return value;
  }
}

/** Builds the per-subject keyring over a key service (see `SubjectKeyringOptions`). */
export function createSubjectKeyring(opts: SubjectKeyringOptions): SubjectKeyring {
  return new SubjectKeyring(opts);
}

function foreignStore(name: SubjectTransformName, currentStoreId: string): FailedPreconditionError {
  return new FailedPreconditionError(
    `the records of subject ${name.subjectId} were encrypted by key store ${String(name.storeId)}; this process uses key store ${currentStoreId}: ` +
      `point STEMMA_KEY_DIR at the key directory whose store-id file holds ${String(name.storeId)}`,
    { subjectId: name.subjectId, storeId: name.storeId, currentStoreId },
  );
}

function erased(subjectId: string, destroyedAt: string, cause?: unknown): ErasedError {
  return new ErasedError(
    `the records of subject ${subjectId} were erased on ${destroyedAt}; their key was destroyed`,
    { subjectId, keyId: subjectKeyId(subjectId), destroyedAt },
    { cause },
  );
}
