import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { erasureIdArg } from './erasure-nodes.js';

describe('erasureIdArg', () => {
  it('takes an erasure id as it is, or the global id of an ErasureRequest', () => {
    const id = randomUUID();
    expect(erasureIdArg(id)).toBe(id);
    expect(erasureIdArg(encodeGlobalID('ErasureRequest', id))).toBe(id);
  });

  it('leaves the global id of another type alone (the service reports it not found)', () => {
    const other = encodeGlobalID('Job', 'abc');
    expect(erasureIdArg(other)).toBe(other);
  });
});
