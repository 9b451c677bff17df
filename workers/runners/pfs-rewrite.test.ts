import { describe, expect, it } from 'vitest';
import { rewritePfsPaths, rewriteTransform } from './pfs-rewrite.js';

const root = '/work/attempt-1/pfs';

describe('rewritePfsPaths', () => {
  it.each([
    ['/pfs/images/a.png', `${root}/images/a.png`],
    ['/pfs', root],
    ['/pfs/', `${root}/`],
    ['--in=/pfs/in --out=/pfs/out', `--in=${root}/in --out=${root}/out`],
    [`open('/pfs/in/x.txt')`, `open('${root}/in/x.txt')`],
    ['python3 /code/x.py "/pfs/in" > /pfs/out/log', `python3 /code/x.py "${root}/in" > ${root}/out/log`],
    ['cat /pfs/a:/pfs/b', `cat ${root}/a:${root}/b`],
  ])('rewrites %s', (text, expected) => {
    expect(rewritePfsPaths(text, root)).toBe(expected);
  });

  it.each(['/data/pfs/x', '/pfsx/y', '/pfs.old/y', 'pfs/in', 'my/pfs', '/pfs-cache/a', 'https://host/pfs/in'])('leaves %s alone', (text) => {
    expect(rewritePfsPaths(text, root)).toBe(text);
  });

  it('does not read $ in the root as a replacement pattern', () => {
    expect(rewritePfsPaths('/pfs/in', '/tmp/$&x')).toBe('/tmp/$&x/in');
  });
});

describe('rewriteTransform', () => {
  it('rewrites cmd, stdin, errCmd, errStdin, workingDir and env values, and nothing else', () => {
    const out = rewriteTransform(
      {
        image: 'python:3.12',
        cmd: ['python3', '/code/main.py', '/pfs/in'],
        stdin: ['ls /pfs/out'],
        errCmd: ['rm', '-rf', '/pfs/out/partial'],
        errStdin: ['echo /pfs'],
        workingDir: '/pfs/in',
        env: { INPUT: '/pfs/in/x.csv', OTHER: 'plain' },
        acceptReturnCode: [2],
      },
      root,
    );
    expect(out).toEqual({
      image: 'python:3.12',
      cmd: ['python3', '/code/main.py', `${root}/in`],
      stdin: [`ls ${root}/out`],
      errCmd: ['rm', '-rf', `${root}/out/partial`],
      errStdin: [`echo ${root}`],
      workingDir: `${root}/in`,
      env: { INPUT: `${root}/in/x.csv`, OTHER: 'plain' },
      acceptReturnCode: [2],
    });
  });
});
