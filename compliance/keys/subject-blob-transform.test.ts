import { describe, expect, it } from 'vitest';
import { isKeyStoreId, newKeyStoreId } from './key-store-id.js';
import { parseSubjectTransform, subjectOfTransform, subjectTransformId } from './subject-blob-transform.js';

describe('subject transform ids', () => {
  it('name the key store and the subject', () => {
    expect(subjectTransformId('u1', 'a1b2')).toBe('aes256gcm:subject@a1b2:u1');
    expect(parseSubjectTransform('aes256gcm:subject@a1b2:u1')).toEqual({ subjectId: 'u1', storeId: 'a1b2' });
  });

  it('round-trip subject ids holding ":" and "@"', () => {
    for (const subjectId of ['jane@example.org', 'tenant:42:user', '@x', ':', 'a@b:c@d', 'store@other:x']) {
      const id = subjectTransformId(subjectId, 'S-1_z');
      expect(parseSubjectTransform(id)).toEqual({ subjectId, storeId: 'S-1_z' });
      expect(subjectOfTransform(id)).toBe(subjectId);
    }
  });

  it('read ids written before key stores had ids, whatever their subject holds', () => {
    expect(parseSubjectTransform('aes256gcm:subject:u1')).toEqual({ subjectId: 'u1', storeId: null });
    expect(parseSubjectTransform('aes256gcm:subject:@store:u1')).toEqual({ subjectId: '@store:u1', storeId: null });
    expect(subjectOfTransform('aes256gcm:subject:jane@example.org')).toBe('jane@example.org');
  });

  it('are not parsed from other transforms or malformed ids', () => {
    for (const id of ['envelope:u1', 'aes256gcm:subject:', 'aes256gcm:subject@', 'aes256gcm:subject@abc', 'aes256gcm:subject@abc:', 'aes256gcm:subject@:u1', 'aes256gcm:subject@a/b:u1', 'aes256gcm:subjectX:u1']) {
      expect(parseSubjectTransform(id)).toBeNull();
      expect(subjectOfTransform(id)).toBeNull();
    }
  });

  it('refuse an empty subject or a store id that could not be parsed back', () => {
    expect(() => subjectTransformId('', 'abc')).toThrow(/subject id/);
    for (const storeId of ['', 'a:b', 'a@b', 'x'.repeat(65)]) expect(() => subjectTransformId('u1', storeId)).toThrow(/key store id/);
  });

  it('make fresh key store ids that are valid and distinct', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newKeyStoreId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isKeyStoreId(id)).toBe(true);
  });
});
