import { describe, expect, it } from 'vitest';
import { cutBatches, datumBatchSize, MAX_BATCH_DATUMS } from './datum-batches.js';

describe('datum batches', () => {
  it('keeps small jobs one datum per batch and caps large ones', () => {
    expect(datumBatchSize(3, 1)).toBe(1);
    expect(datumBatchSize(40, 2)).toBe(5);
    expect(datumBatchSize(10_000, 1)).toBe(MAX_BATCH_DATUMS);
  });

  it('cuts consecutive batches', () => {
    expect(cutBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
