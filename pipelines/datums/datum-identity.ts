import { createHash, type Hash } from 'node:crypto';
import { compareStrings } from '../../pfs/glob/datum-roots.js';
import type { DatumHashContext, DatumInput } from './datum-types.js';

/** Inputs in a fixed order: by name, then repo, then root. */
export function sortedInputs(inputs: readonly DatumInput[]): DatumInput[] {
  return [...inputs].sort(
    (a, b) =>
      compareStrings(a.name, b.name) ||
      compareStrings(a.project, b.project) ||
      compareStrings(a.repo, b.repo) ||
      compareStrings(a.root, b.root),
  );
}

/**
 * The identity of a datum: SHA-256 over its inputs' (name, project/repo, root) sorted, so
 * the same matches have the same id in every commit and whatever order they were combined
 * in. The repo is part of it because a union may give two repos the same input name.
 */
export function datumId(inputs: readonly DatumInput[]): string {
  const hash = createHash('sha256');
  for (const input of sortedInputs(inputs)) writeFields(hash, input.name, input.project, input.repo, input.root);
  return hash.digest('hex');
}

/**
 * The content hash of a datum: SHA-256 over the spec hash and salt, then each input's
 * identity and every file path with its content hash. A changed file changes the hash of
 * exactly the datums that hold it, so only they are reprocessed.
 */
export function datumHash(inputs: readonly DatumInput[], context: DatumHashContext = {}): string {
  const hash = createHash('sha256');
  writeFields(hash, context.specHash ?? '', context.salt ?? '');
  for (const input of sortedInputs(inputs)) {
    writeFields(hash, input.name, input.project, input.repo, input.root, String(input.files.length));
    for (const file of input.files) writeFields(hash, file.path, file.hash);
  }
  return hash.digest('hex');
}

/** Length-prefixed, so that no two field lists hash the same text. */
function writeFields(hash: Hash, ...fields: string[]): void {
  for (const field of fields) hash.update(`${Buffer.byteLength(field)}:${field};`);
}
