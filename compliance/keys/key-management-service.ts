/**
 * The key management port: envelope encryption as a cloud KMS offers it. A master key per
 * key id (one per data subject) never leaves the service; it hands out data keys in two
 * forms, plain (to encrypt with, then forget) and wrapped by the master key (to store beside
 * the data). Destroying the master key makes every wrapped data key, and so every byte
 * encrypted under them, unreadable for good: this is how an erasure reaches copies that
 * history and backups still hold. Adapters keep master keys apart from the data stores.
 */

/** `active`: usable; `destroyed`: destroyed by an erasure, for good; `absent`: never created. */
export type KeyState = 'active' | 'destroyed' | 'absent';

export interface DataKey {
  /** 32 bytes for AES-256; hold it only as long as needed. */
  plaintext: Buffer;
  /** The same key encrypted by the master key; safe to store beside the data. */
  wrapped: Buffer;
}

export interface KeyDescription {
  keyId: string;
  state: KeyState;
  /** When the key was destroyed, for a destroyed key. */
  destroyedAt?: Date;
}

export interface KeyManagementService {
  /**
   * The stable id of this key store (letters, digits, `_`, `-`), the same in every process
   * that uses it. Two stores never share an id, even when they hold keys with the same key ids;
   * encrypted content records the id of the store whose keys encrypted it.
   */
  storeId(): Promise<string>;
  /**
   * A fresh data key under master key `keyId`, creating the master key on first use.
   * Throws `ErasedError` (details: `keyId`, `destroyedAt`) when the key was destroyed.
   */
  generateDataKey(keyId: string): Promise<DataKey>;
  /**
   * The plain data key inside `wrapped`. Throws `ErasedError` when `keyId` was destroyed,
   * `NotFoundError` when it never existed, `InvalidArgumentError` when `wrapped` was not made
   * by this key or was altered.
   */
  unwrap(keyId: string, wrapped: Buffer): Promise<Buffer>;
  /**
   * Destroys master key `keyId` for good, and remembers that and when it was destroyed (a
   * destroyed key is never created again). Idempotent; destroying an absent key records it
   * as destroyed too, so nothing can be encrypted under it later.
   */
  destroyKey(keyId: string): Promise<void>;
  keyState(keyId: string): Promise<KeyState>;
  describeKey(keyId: string): Promise<KeyDescription>;
}
