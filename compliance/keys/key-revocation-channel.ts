/**
 * The port that tells every process at once that a subject's key was destroyed, so that no
 * keyring goes on decrypting with a data key it cached before the erasure. A subscriber that
 * may have missed announcements (it was disconnected) is told to forget everything instead.
 */
export interface KeyRevocationChannel {
  /** Tells every subscribed process that `subjectId`'s key is destroyed. */
  announce(subjectId: string): Promise<void>;
  /**
   * Calls `onRevoked` for each announced subject, and `onResync` whenever announcements may
   * have been missed (after a reconnection). Resolves once subscribed; returns the function
   * that stops listening.
   */
  subscribe(onRevoked: (subjectId: string) => void, onResync: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A channel inside one process (tests, and processes that run alone). */
export function createInProcessKeyRevocationChannel(): KeyRevocationChannel {
  const listeners = new Set<(subjectId: string) => void>();
  return {
    async announce(subjectId) {
      for (const listener of listeners) listener(subjectId);
    },
    async subscribe(onRevoked) {
      listeners.add(onRevoked);
      return async () => {
        listeners.delete(onRevoked);
      };
    },
    async close() {
      listeners.clear();
    },
  };
}
