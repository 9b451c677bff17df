import { describe, expect, it } from 'vitest';
import type { InputSpec, PfsInputSpec } from '../spec/spec-types.js';
import { planDatums } from './plan-datums.js';
import { fakeRepos, filesAt, roots } from './test-helpers.js';

function pfs(repo: string, glob: string, extra: Partial<PfsInputSpec> = {}): InputSpec {
  return {
    pfs: { name: repo, project: 'default', repo, branch: 'master', glob, outerJoin: false, emptyFiles: false, lazy: false, ...extra },
  };
}

const images = filesAt(['/a.png', '/b.png', '/c.png']);
const models = filesAt(['/m1/weights.bin', '/m1/meta.json', '/m2/weights.bin']);

describe('planDatums: pfs', () => {
  it('gives one datum for the glob /', () => {
    const datums = planDatums(pfs('models', '/'), fakeRepos({ models }));
    expect(roots(datums)).toEqual([['models:/']]);
    expect(datums[0]!.inputs[0]!.files.map((f) => f.path)).toEqual(['/m1/meta.json', '/m1/weights.bin', '/m2/weights.bin']);
  });

  it('gives one datum per top-level entry for /*', () => {
    expect(roots(planDatums(pfs('models', '/*'), fakeRepos({ models })))).toEqual([['models:/m1'], ['models:/m2']]);
  });

  it('gives one datum per second-level entry for /*/*', () => {
    expect(roots(planDatums(pfs('models', '/*/*'), fakeRepos({ models })))).toEqual([
      ['models:/m1/meta.json'],
      ['models:/m1/weights.bin'],
      ['models:/m2/weights.bin'],
    ]);
  });

  it('gives every file and directory for /**', () => {
    expect(roots(planDatums(pfs('models', '/**'), fakeRepos({ models })))).toEqual([
      ['models:/m1'],
      ['models:/m1/meta.json'],
      ['models:/m1/weights.bin'],
      ['models:/m2'],
      ['models:/m2/weights.bin'],
    ]);
  });

  it('selects files anywhere with /**.bin', () => {
    expect(roots(planDatums(pfs('models', '/**.bin'), fakeRepos({ models })))).toEqual([
      ['models:/m1/weights.bin'],
      ['models:/m2/weights.bin'],
    ]);
  });

  it('gives no datum for an empty repo', () => {
    expect(planDatums(pfs('empty', '/'), fakeRepos({}))).toEqual([]);
  });

  it('carries the input settings and the commit onto each datum input', () => {
    const spec = pfs('images', '/*', { name: 'pics', branch: 'dev', lazy: true, emptyFiles: true });
    const [datum] = planDatums(spec, fakeRepos({ images }), { commitOf: (ref) => `commit-of-${ref.repo}@${ref.branch}` });
    expect(datum!.inputs[0]).toEqual({
      name: 'pics',
      project: 'default',
      repo: 'images',
      branch: 'dev',
      commit: 'commit-of-images@dev',
      glob: '/*',
      root: '/a.png',
      files: [{ path: '/a.png', hash: 'v1:/a.png', size: 6 }],
      outerJoin: false,
      emptyFiles: true,
      lazy: true,
    });
  });

  it('accepts file paths without a leading slash', () => {
    const datums = planDatums(pfs('r', '/*'), fakeRepos({ r: filesAt(['x.txt']) }));
    expect(datums[0]!.inputs[0]!.files[0]!.path).toBe('/x.txt');
  });
});

describe('planDatums: cross and union', () => {
  it('crosses 3 × 2 into 6 datums', () => {
    const input: InputSpec = { cross: [pfs('images', '/*'), pfs('models', '/*')] };
    const datums = planDatums(input, fakeRepos({ images, models }));
    expect(datums).toHaveLength(6);
    expect(roots(datums)).toEqual([
      ['images:/a.png', 'models:/m1'],
      ['images:/a.png', 'models:/m2'],
      ['images:/b.png', 'models:/m1'],
      ['images:/b.png', 'models:/m2'],
      ['images:/c.png', 'models:/m1'],
      ['images:/c.png', 'models:/m2'],
    ]);
  });

  it('gives nothing when one side of a cross is empty', () => {
    expect(planDatums({ cross: [pfs('images', '/*'), pfs('nothing', '/*')] }, fakeRepos({ images }))).toEqual([]);
  });

  it('crosses with a whole-repo input', () => {
    const datums = planDatums({ cross: [pfs('images', '/*'), pfs('models', '/')] }, fakeRepos({ images, models }));
    expect(roots(datums)).toEqual([
      ['images:/a.png', 'models:/'],
      ['images:/b.png', 'models:/'],
      ['images:/c.png', 'models:/'],
    ]);
  });

  it('unions 3 + 2 into 5 datums', () => {
    const datums = planDatums({ union: [pfs('images', '/*'), pfs('models', '/*')] }, fakeRepos({ images, models }));
    expect(roots(datums)).toEqual([['images:/a.png'], ['images:/b.png'], ['images:/c.png'], ['models:/m1'], ['models:/m2']]);
  });

  it('keeps one copy of a datum a union yields twice', () => {
    const input: InputSpec = { union: [pfs('images', '/*'), pfs('images', '/a*')] };
    expect(roots(planDatums(input, fakeRepos({ images })))).toEqual([['images:/a.png'], ['images:/b.png'], ['images:/c.png']]);
  });

  it('keeps apart union branches that share a name but read different repos', () => {
    const input: InputSpec = {
      union: [pfs('left', '/*', { name: 'in' }), pfs('right', '/*', { name: 'in' })],
    };
    const datums = planDatums(input, fakeRepos({ left: filesAt(['/x']), right: filesAt(['/x']) }));
    expect(roots(datums)).toEqual([['left:/x'], ['right:/x']]);
    expect(datums[0]!.id).not.toBe(datums[1]!.id);
  });

  it('nests a union inside a cross', () => {
    const input: InputSpec = { cross: [{ union: [pfs('a', '/*'), pfs('b', '/*')] }, pfs('c', '/')] };
    const datums = planDatums(input, fakeRepos({ a: filesAt(['/1']), b: filesAt(['/2']), c: filesAt(['/cfg']) }));
    expect(roots(datums)).toEqual([
      ['a:/1', 'c:/'],
      ['b:/2', 'c:/'],
    ]);
  });

  it('lists each repo branch once, however often the tree reads it', () => {
    const repos = fakeRepos({ images });
    planDatums({ cross: [pfs('images', '/*', { name: 'left' }), pfs('images', '/', { name: 'right' })] }, repos);
    expect(repos.calls).toEqual([{ project: 'default', repo: 'images', branch: 'master', name: 'left' }]);
  });
});

describe('planDatums: join and group', () => {
  const left = filesAt(['/a_1.csv', '/b_2.csv', '/c_3.csv']);
  const right = filesAt(['/1/x.json', '/2/y.json', '/4/z.json']);

  it('joins on a capture group of a file name and of a directory name', () => {
    const input: InputSpec = {
      join: [pfs('left', '/*_(*).csv', { joinOn: '$1' }), pfs('right', '/(*)', { joinOn: '$1' })],
    };
    expect(roots(planDatums(input, fakeRepos({ left, right })))).toEqual([
      ['left:/a_1.csv', 'right:/1'],
      ['left:/b_2.csv', 'right:/2'],
    ]);
  });

  it('crosses all matches that share a key', () => {
    const input: InputSpec = {
      join: [pfs('l', '/(*)-*.txt', { joinOn: '$1' }), pfs('r', '/(*).txt', { joinOn: '$1' })],
    };
    const repos = fakeRepos({ l: filesAt(['/k-1.txt', '/k-2.txt']), r: filesAt(['/k.txt']) });
    expect(roots(planDatums(input, repos))).toEqual([
      ['l:/k-1.txt', 'r:/k.txt'],
      ['l:/k-2.txt', 'r:/k.txt'],
    ]);
  });

  it('outer-joins both sides', () => {
    const input: InputSpec = {
      join: [pfs('left', '/*_(*).csv', { joinOn: '$1', outerJoin: true }), pfs('right', '/(*)', { joinOn: '$1', outerJoin: true })],
    };
    expect(roots(planDatums(input, fakeRepos({ left, right })))).toEqual([
      ['left:/a_1.csv', 'right:/1'],
      ['left:/b_2.csv', 'right:/2'],
      ['left:/c_3.csv'],
      ['right:/4'],
    ]);
  });

  it('joins on several capture groups with $1$2', () => {
    const input: InputSpec = {
      join: [pfs('l', '/(*)/(*).txt', { joinOn: '$1$2' }), pfs('r', '/(*)-(*).txt', { joinOn: '$1$2' })],
    };
    const repos = fakeRepos({ l: filesAt(['/a/1.txt', '/a/2.txt']), r: filesAt(['/a-1.txt', '/b-2.txt']) });
    expect(roots(planDatums(input, repos))).toEqual([['l:/a/1.txt', 'r:/a-1.txt']]);
  });

  it('joins three inputs; a key missing from an inner input drops out', () => {
    const input: InputSpec = {
      join: [pfs('a', '/(*)', { joinOn: '$1' }), pfs('b', '/(*)', { joinOn: '$1' }), pfs('c', '/(*)', { joinOn: '$1', outerJoin: true })],
    };
    const repos = fakeRepos({ a: filesAt(['/1', '/2']), b: filesAt(['/1', '/3']), c: filesAt(['/1', '/2', '/3']) });
    expect(roots(planDatums(input, repos))).toEqual([['a:/1', 'b:/1', 'c:/1'], ['c:/2'], ['c:/3']]);
  });

  it('nests a cross inside a join: each cross datum joins on the key of its keyed input', () => {
    const input: InputSpec = {
      join: [{ cross: [pfs('scans', '/(*).png', { joinOn: '$1' }), pfs('config', '/')] }, pfs('labels', '/(*).txt', { joinOn: '$1' })],
    };
    const repos = fakeRepos({
      scans: filesAt(['/p1.png', '/p2.png', '/p3.png']),
      config: filesAt(['/settings.yaml']),
      labels: filesAt(['/p1.txt', '/p3.txt']),
    });
    expect(roots(planDatums(input, repos))).toEqual([
      ['scans:/p1.png', 'config:/', 'labels:/p1.txt'],
      ['scans:/p3.png', 'config:/', 'labels:/p3.txt'],
    ]);
  });

  it('nests a join inside a cross', () => {
    const input: InputSpec = {
      cross: [{ join: [pfs('a', '/(*)', { joinOn: '$1' }), pfs('b', '/(*)', { joinOn: '$1' })] }, pfs('c', '/*')],
    };
    const repos = fakeRepos({ a: filesAt(['/1', '/2']), b: filesAt(['/2']), c: filesAt(['/x', '/y']) });
    expect(roots(planDatums(input, repos))).toEqual([
      ['a:/2', 'b:/2', 'c:/x'],
      ['a:/2', 'b:/2', 'c:/y'],
    ]);
  });

  it('groups across several repos (datums ordered by their sorted input name and root)', () => {
    const input: InputSpec = {
      group: [pfs('visits', '/*-(*).csv', { groupBy: '$1' }), pfs('scans', '/(*)/*', { groupBy: '$1' })],
    };
    const repos = fakeRepos({
      visits: filesAt(['/jan-alice.csv', '/feb-alice.csv', '/jan-bob.csv']),
      scans: filesAt(['/alice/1.png', '/carol/1.png']),
    });
    expect(roots(planDatums(input, repos))).toEqual([
      ['visits:/feb-alice.csv', 'visits:/jan-alice.csv', 'scans:/alice/1.png'],
      ['scans:/carol/1.png'],
      ['visits:/jan-bob.csv'],
    ]);
  });
});

describe('planDatums: cron', () => {
  it('reads the tick repo with the glob /*', () => {
    const input: InputSpec = { cron: { name: 'tick', project: 'default', repo: 'p_tick', spec: '@every 1h', overwrite: false } };
    const ticks = filesAt(['/2024-01-01T00:00:00Z', '/2024-01-01T01:00:00Z']);
    const datums = planDatums(input, fakeRepos({ p_tick: ticks }));
    expect(roots(datums)).toEqual([['p_tick:/2024-01-01T00:00:00Z'], ['p_tick:/2024-01-01T01:00:00Z']]);
    expect(datums[0]!.inputs[0]!.name).toBe('tick');
  });
});
