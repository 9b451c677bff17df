import { randomUUID } from 'node:crypto';

/**
 * A commit id is 32 lowercase hexadecimal characters: a UUID without its dashes, as
 * Pachyderm writes commit (and commit-set) ids, e.g. `c32879ae0e6f4b629a43429b7ec10ccc`.
 * Any UUID version is accepted when reading; {@link newCommitId} makes version-4 ids.
 */
export const COMMIT_ID_PATTERN = /^[0-9a-f]{32}$/;

const HEX32_ANY_CASE = /^[0-9a-f]{32}$/i;

/** True when `value` has the form of a commit id (32 lowercase hex characters). */
export function isCommitId(value: string): boolean {
  return COMMIT_ID_PATTERN.test(value);
}

/**
 * True when `value` would be read as a commit id in any letter case. Branch names of this
 * form are refused so that `repo@<32 hex>` always means a commit.
 */
export function looksLikeCommitId(value: string): boolean {
  return HEX32_ANY_CASE.test(value);
}

/** A fresh random commit id. */
export function newCommitId(): string {
  return randomUUID().replaceAll('-', '');
}
