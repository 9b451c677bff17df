import { describe, expect, it } from 'vitest';
import { ChangeSet } from './change-set.js';

const entry = (path: string, hash = 'h') => ({ path, hash, size: 1, ref: { hash, size: 1, pack: { id: 'p', offset: 0, length: 1 } } });

describe('ChangeSet', () => {
  it('lets a later put win over an earlier delete of the same path', () => {
    const c = new ChangeSet();
    c.delete('/a');
    c.put(entry('/a', 'new'));
    expect(c.toChanges().puts.map((e) => e.hash)).toEqual(['new']);
    expect(c.hides('/a')).toBe(false);
  });

  it('drops staged puts under a deleted directory, and hides the base tree there', () => {
    const c = new ChangeSet();
    c.put(entry('/dir/x'));
    c.put(entry('/other'));
    c.deleteTree('/dir');
    expect(c.toChanges()).toMatchObject({ puts: [{ path: '/other' }], deletePrefixes: ['/dir'] });
    expect(c.hides('/dir/old')).toBe(true);
    expect(c.hides('/dirt')).toBe(false);
  });

  it('replays another change set in order', () => {
    const a = new ChangeSet();
    a.put(entry('/x', '1'));
    const b = new ChangeSet();
    b.delete('/x');
    b.put(entry('/y', '2'));
    a.merge(b.toChanges());
    expect(a.toChanges()).toEqual({ puts: [entry('/y', '2')], deletes: ['/x'], deletePrefixes: [] });
  });
});
