/**
 * Listeners told when a commit has finished (after its graph transaction committed), so
 * that pipelines can start the jobs it triggers. A listener's failure is logged and never
 * undoes or fails the commit; listeners that must not miss a commit reconcile on start.
 */
import type { Logger } from '../../core/logger.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';

export type CommitFinishedListener = (commit: CommitRecord) => void | Promise<void>;

export interface CommitEvents {
  /** Adds a listener; returns the function that removes it. */
  onCommitFinished(listener: CommitFinishedListener): () => void;
  /** Tells every listener, and waits for them (a listener's error is logged, not thrown). */
  commitFinished(commit: CommitRecord): Promise<void>;
}

export function createCommitEvents(logger: Logger): CommitEvents {
  const listeners = new Set<CommitFinishedListener>();
  return {
    onCommitFinished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async commitFinished(commit) {
      for (const listener of [...listeners]) {
        try {
          await listener(commit);
        } catch (err) {
          logger.warn({ err, commit: commit.id }, 'a commit-finished listener failed');
        }
      }
    },
  };
}
