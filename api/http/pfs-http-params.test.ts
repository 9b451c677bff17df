import { describe, expect, it } from 'vitest';
import { branchTargetOf, commitRefOf, directoryParamOf, filePathOf, parseQuery, putFileQueryModel, splitOptionsOf, tarQueryModel } from './pfs-http-params.js';

const invalid = (text: string | RegExp) => expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(text) });

describe('upload query parameters', () => {
  it('reads the contract parameters', () => {
    const q = parseQuery(putFileQueryModel, { split: 'csv', subjectField: 'user_id', targetFileDatums: '10', targetFileBytes: '2048', description: 'load' });
    expect(q).toEqual({ split: 'csv', subjectField: 'user_id', targetFileDatums: 10, targetFileBytes: 2048, description: 'load' });
    expect(splitOptionsOf(q)).toEqual({ format: 'csv', subjectField: 'user_id', targetFileDatums: 10, targetFileBytes: 2048 });
    expect(parseQuery(putFileQueryModel, { append: 'true' })).toEqual({ append: true });
    expect(parseQuery(putFileQueryModel, { append: '0' })).toEqual({ append: false });
  });

  it.each([
    [{ split: 'xml' }, /^query parameter split: /],
    [{ targetFileDatums: '0' }, /^query parameter targetFileDatums: must be at least 1/],
    [{ targetFileBytes: '1.5' }, /^query parameter targetFileBytes: must be a whole number/],
    [{ append: 'yes' }, /^query parameter append: /],
    [{ description: ['a', 'b'] }, /^query parameter description: must be given once/],
    [{ subject_field: 'x' }, /^unknown query parameter "subject_field"/],
  ])('refuses %o naming the parameter', (query, message) => {
    expect(() => parseQuery(putFileQueryModel, query)).toThrowError(invalid(message));
  });

  it('refuses split options without split, and append with split', () => {
    expect(() => splitOptionsOf({ subjectField: 'id' })).toThrowError(invalid(/^query parameter subjectField: only applies with split/));
    expect(() => splitOptionsOf({ split: 'line', append: true })).toThrowError(invalid(/^query parameter append: /));
    expect(splitOptionsOf({ append: true })).toBeUndefined();
  });

  it('reads the tar upload parameters', () => {
    expect(parseQuery(tarQueryModel, { path: '/in', description: 'd' })).toEqual({ path: '/in', description: 'd' });
    expect(() => parseQuery(tarQueryModel, { split: 'csv' })).toThrowError(invalid(/unknown query parameter "split"/));
    expect(directoryParamOf(undefined)).toBe('/');
    expect(directoryParamOf('in/')).toBe('/in');
    expect(() => directoryParamOf('/in/../x')).toThrowError(invalid(/path "\/in\/..\/x"/));
  });
});

describe('URL parts', () => {
  it('reads a branch, a commit id or an ancestry as the ref', () => {
    expect(commitRefOf({ project: 'default', repo: 'images', ref: 'master^2' })).toEqual({ project: 'default', repo: 'images', ref: { branch: 'master', ancestry: { kind: 'parent', n: 2 } } });
    const id = '0123456789abcdef0123456789abcdef';
    expect(commitRefOf({ project: 'p', repo: 'images', ref: id }).ref).toEqual({ commitId: id });
  });

  it('takes uploads to a branch only', () => {
    expect(branchTargetOf({ project: 'default', repo: 'images', ref: 'dev' })).toEqual({ project: 'default', repo: 'images', branch: 'dev' });
    expect(() => branchTargetOf({ project: 'default', repo: 'images', ref: 'master^' })).toThrowError(invalid(/uploads go to a branch/));
    expect(() => branchTargetOf({ project: 'default', repo: 'bad.name', ref: 'master' })).toThrowError(invalid(/repo name "bad.name"/));
  });

  it('joins the path segments and refuses relative ones, naming the path', () => {
    expect(filePathOf({ path: ['a', 'b c.txt'] })).toBe('/a/b c.txt');
    expect(() => filePathOf({ path: ['a', '..', 'b'] })).toThrowError(invalid(/path "\/a\/..\/b" has a ".." segment/));
    expect(() => filePathOf({ path: ['a', '', 'b'] })).toThrowError(invalid(/empty segment/));
  });
});
