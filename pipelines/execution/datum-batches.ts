/** The most datums one queued batch holds. */
export const MAX_BATCH_DATUMS = 100;

/**
 * How many datums go in one queued batch: small enough that the job's parallelism has at
 * least four batches per worker slot to share, large enough that a job of many datums is
 * not one queue entry (and one graph write) per datum.
 */
export function datumBatchSize(datums: number, parallelism: number): number {
  const slots = Math.max(1, parallelism) * 4;
  return Math.min(MAX_BATCH_DATUMS, Math.max(1, Math.ceil(datums / slots)));
}

/** Cuts `items` into consecutive batches of `size`. */
export function cutBatches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
