import { describe, expect, it } from 'vitest';
import { parseCommitRef, parseFileRef } from '../pfs/refs/index.js';
import { encodeFilePath, getFileUrl, putFileUrl, putTarUrl, rangeHeader, refText } from './pfs-urls.js';

const ID = 'c32879ae0e6f4b629a43429b7ec10ccc';

describe('byte endpoint paths', () => {
  it('encodes each path segment but keeps the separators', () => {
    expect(encodeFilePath('/a/b c/d%e.csv')).toBe('a/b%20c/d%25e.csv');
    expect(encodeFilePath('/')).toBe('');
    expect(encodeFilePath('/x?y#z')).toBe('x%3Fy%23z');
  });

  it('writes the ref after "@" as pachctl does', () => {
    expect(refText(parseCommitRef('images@master'))).toBe('master');
    expect(refText(parseCommitRef('p/images@master^2'))).toBe('master^2');
    expect(refText(parseCommitRef(`images@${ID}`))).toBe(ID);
    expect(refText(parseCommitRef(`images@master=${ID}`))).toBe(`master=${ID}`);
  });

  it('builds the upload path with only the query parameters given', () => {
    expect(putFileUrl(parseFileRef('images@master:/a b.png'))).toBe('/v1/pfs/default/images/master/files/a%20b.png');
    expect(putFileUrl(parseFileRef('research/users@dev:/in/users.csv'), { split: 'csv', subjectField: 'user_id', append: false, targetFileDatums: 10 })).toBe(
      '/v1/pfs/research/users/dev/files/in/users.csv?split=csv&subjectField=user_id&targetFileDatums=10',
    );
    expect(putFileUrl(parseFileRef('images@master:/a'), { append: true, description: 'first load' })).toBe(
      '/v1/pfs/default/images/master/files/a?append=true&description=first+load',
    );
  });

  it('builds the tar path with the destination directory', () => {
    expect(putTarUrl(parseFileRef('images@master:/raw'), 'batch 1')).toBe('/v1/pfs/default/images/master/tar?path=%2Fraw&description=batch+1');
    expect(putTarUrl(parseFileRef('images@master'))).toBe('/v1/pfs/default/images/master/tar?path=%2F');
  });

  it('encodes the ref of a download as one segment', () => {
    expect(getFileUrl(parseFileRef('images@master^2:/a.png'))).toBe('/v1/pfs/default/images/master%5E2/files/a.png');
    expect(getFileUrl(parseFileRef('images@master.1:/d/x'))).toBe('/v1/pfs/default/images/master.1/files/d/x');
  });
});

describe('rangeHeader', () => {
  it.each([
    [undefined, undefined, undefined],
    [10, undefined, 'bytes=10-'],
    [0, 100, 'bytes=0-99'],
    [undefined, 5, 'bytes=0-4'],
    [1000, 1, 'bytes=1000-1000'],
  ])('offset %s length %s → %s', (offset, length, header) => {
    expect(rangeHeader(offset, length)).toBe(header);
  });
});
