import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { decodeStemmaGlobalId, encodeStemmaGlobalId } from './global-id.js';

const commitId = 'c32879ae0e6f4b629a43429b7ec10ccc';

describe('Stemma global ids', () => {
  it('uses the commit id itself for a Commit', () => {
    expect(encodeStemmaGlobalId('Commit', commitId)).toBe(commitId);
    expect(decodeStemmaGlobalId(commitId)).toEqual({ typename: 'Commit', id: commitId });
  });

  it("keeps Relay's base64 ids for the other types, colons in keys included", () => {
    for (const [typename, id] of [
      ['Repo', 'default/images'],
      ['Branch', 'default/images@master'],
      ['File', `images@${commitId}:/a/b.csv`],
      ['Project', 'default'],
    ] as const) {
      const global = encodeStemmaGlobalId(typename, id);
      expect(global).toBe(encodeGlobalID(typename, id));
      expect(global).not.toMatch(/^[0-9a-f]{32}$/);
      expect(decodeStemmaGlobalId(global)).toEqual({ typename, id });
    }
  });

  it('refuses what is no node id as INVALID_ARGUMENT', () => {
    expect(() => decodeStemmaGlobalId('!!!')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('is not a Stemma node id') }));
  });
});
