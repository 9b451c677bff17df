import { describe, expect, it } from 'vitest';
import { parseLineageNodeArg } from './lineage-node-arg.js';

describe('parseLineageNodeArg', () => {
  it('reads the friendly forms', () => {
    expect(parseLineageNodeArg('images@0123456789abcdef0123456789abcdef:/a.png')).toEqual({ kind: 'file', ref: 'images@0123456789abcdef0123456789abcdef:/a.png' });
    expect(parseLineageNodeArg('research/images@master:/dir/a.png')).toEqual({ kind: 'file', ref: 'research/images@master:/dir/a.png' });
    expect(parseLineageNodeArg('commit:images@master^')).toEqual({ kind: 'commit', ref: 'images@master^' });
    expect(parseLineageNodeArg('job:0123abcd')).toEqual({ kind: 'job', id: '0123abcd' });
    expect(parseLineageNodeArg('decision:d-1')).toEqual({ kind: 'decision', id: 'd-1' });
    expect(parseLineageNodeArg('model:loans')).toEqual({ kind: 'model', project: 'default', name: 'loans', version: null });
    expect(parseLineageNodeArg('model:credit/loans@3')).toEqual({ kind: 'model', project: 'credit', name: 'loans', version: 3 });
  });

  it('takes anything else as a global id', () => {
    expect(parseLineageNodeArg('Rm9vOmJhcg==')).toEqual({ kind: 'global', id: 'Rm9vOmJhcg==' });
    expect(parseLineageNodeArg('0123456789abcdef0123456789abcdef')).toEqual({ kind: 'global', id: '0123456789abcdef0123456789abcdef' });
  });

  it('names what is wrong with a malformed one', () => {
    expect(() => parseLineageNodeArg('job:')).toThrow('"job:": job: needs what follows it');
    expect(() => parseLineageNodeArg('model:loans@latest')).toThrow('a model version is a number (model:loans@3)');
    expect(() => parseLineageNodeArg('images@master:/')).toThrow('name a file, e.g. images@master:/a.png');
    expect(() => parseLineageNodeArg('two words')).toThrow('is not a node: give repo@commit:/path, commit:<id>');
  });
});
