import { InvalidArgumentError } from '../../core/errors.js';

const SPLIT_FILE_NAME = /^[0-9a-f]{16}$/;

/**
 * The name of the split file with sequence number `index`: 16 lowercase hex digits,
 * zero-padded, as Pachyderm writes them (`%016x`): 0 → `0000000000000000`,
 * 49 → `0000000000000031`. Names sort in file order.
 */
export function splitFileName(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new InvalidArgumentError(`split file index must be a non-negative integer, got ${String(index)}`, { index });
  }
  return index.toString(16).padStart(16, '0');
}

/** The sequence number of a split file name, or undefined when `name` is not one. */
export function parseSplitFileName(name: string): number | undefined {
  if (!SPLIT_FILE_NAME.test(name)) return undefined;
  const index = Number.parseInt(name, 16);
  return Number.isSafeInteger(index) ? index : undefined;
}

/**
 * The index to continue a split directory with, given the names already in it (its
 * largest index plus one; 0 when empty), as `put file --split` does when appending.
 * Refuses a directory holding a file that a split did not write.
 */
export function nextSplitFileIndex(existingNames: Iterable<string>): number {
  let next = 0;
  for (const name of existingNames) {
    const index = parseSplitFileName(name);
    if (index === undefined) {
      throw new InvalidArgumentError(
        `cannot append a split to a directory holding ${JSON.stringify(name)}, which is not a split file (16 hex digits); split into another path`,
        { name },
      );
    }
    next = Math.max(next, index + 1);
  }
  return next;
}
