/**
 * Per-subject encryption of record files, as the versioned file system sees it: a source of
 * transforms supplied from outside (the compliance module's keyring), so pfs stays free of
 * keys and key stores. Writes ask for the transform of a file's subjects; reads resolve the
 * transform a content ref names.
 */
import type { BlobTransform, BlobTransformResolver } from './blob-transform.js';

export interface SubjectTransforms {
  /**
   * The transform for a file holding records of `subjects`, or undefined to store it plain
   * (no subjects). Throws `InvalidArgumentError` when the subjects cannot share one file
   * (each subject's records must stay erasable alone) and `FailedPreconditionError` when a
   * subject was erased.
   */
  transformForSubjects(subjects: readonly string[]): Promise<BlobTransform | undefined>;
  /** Finds the transform a content ref names; throws `ErasedError` when its key was destroyed. */
  resolveTransform: BlobTransformResolver;
}
