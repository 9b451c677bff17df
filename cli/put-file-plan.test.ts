import { describe, expect, it } from 'vitest';
import { planPutFile, type PutFileOptions } from './put-file-plan.js';

const plan = (target: string, opts: Partial<PutFileOptions> & { file: string }, kind: 'file' | 'dir' | 'stdin' = 'file') =>
  planPutFile(target, opts, kind);

describe('planPutFile: destination', () => {
  it('keeps an explicit path', () => {
    expect(plan('images@master:/x/a.png', { file: './local.png' }).dest.path).toBe('/x/a.png');
  });

  it("puts the local file's basename at the root without :/path", () => {
    expect(plan('images@master', { file: '../data/users.csv' }).dest.path).toBe('/users.csv');
    expect(plan('images@master:/', { file: 'users.csv' }).dest.path).toBe('/users.csv');
  });

  it('puts the file inside a path that ends in "/"', () => {
    expect(plan('images@master:/in/', { file: 'data/users.csv' }).dest.path).toBe('/in/users.csv');
  });

  it('names a directory upload after the directory', () => {
    const p = plan('images@master', { file: './photos/', recursive: true }, 'dir');
    expect(p.kind).toBe('dir');
    expect(p.dest.path).toBe('/photos');
    expect(plan('images@master:/raw', { file: 'photos', recursive: true }, 'dir').dest.path).toBe('/raw');
  });

  it('needs a path for stdin', () => {
    expect(() => plan('images@master', { file: '-' }, 'stdin')).toThrow('reads stdin, which has no name: give the destination, e.g. images@master:/data.csv');
    expect(plan('images@master:/in.csv', { file: '-' }, 'stdin').dest.path).toBe('/in.csv');
  });

  it('cannot name an upload after "."', () => {
    expect(() => plan('images@master', { file: '.', recursive: true }, 'dir')).toThrow('cannot name the upload after "."');
  });
});

describe('planPutFile: flags', () => {
  it('passes the split options to the query', () => {
    const p = plan('users@master:/users.csv', { file: 'u.csv', split: 'csv', subjectField: 'user_id', targetFileDatums: 10, message: 'load' });
    expect(p.query).toEqual({ split: 'csv', subjectField: 'user_id', targetFileDatums: 10, targetFileBytes: undefined, append: undefined, description: 'load' });
  });

  it('needs -r for a directory', () => {
    expect(() => plan('images@master', { file: 'photos' }, 'dir')).toThrow('photos is a directory: add -r');
  });

  it('refuses split and append for a directory', () => {
    expect(() => plan('images@master', { file: 'd', recursive: true, split: 'csv' }, 'dir')).toThrow('--split applies to one file');
    expect(() => plan('images@master', { file: 'd', recursive: true, append: true }, 'dir')).toThrow('--append applies to one file');
  });

  it.each([
    [{ subjectField: 'id' }, '--subject-field needs --split'],
    [{ targetFileDatums: 2 }, '--target-file-datums needs --split'],
    [{ targetFileBytes: 2 }, '--target-file-bytes needs --split'],
    [{ split: 'line' as const, subjectField: 'id' }, '--subject-field needs --split csv or json'],
  ])('refuses %j', (opts, message) => {
    expect(() => plan('u@master:/u.csv', { file: 'u.csv', ...opts })).toThrow(message);
  });

  it('refuses a commit as destination', () => {
    expect(() => plan('images@master^:/a', { file: 'a' })).toThrow('put file needs a branch');
  });
});
