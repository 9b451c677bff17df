import { describe, expect, it } from 'vitest';
import { partitionDatums, type ParentDatum } from '../execution/partition-datums.js';
import type { InputRepoRef } from '../spec/input-repos.js';
import type { InputSpec, PfsInputSpec } from '../spec/spec-types.js';
import type { Datum, FileEntry } from './datum-types.js';
import { analyseChanges, listingKey, listingNeeds, planDatumChanges, type ListingNeed } from './plan-datum-changes.js';
import { planDatums } from './plan-datums.js';

function pfs(repo: string, glob: string, extra: Partial<PfsInputSpec> = {}): InputSpec {
  return { pfs: { name: repo, project: 'default', repo, branch: 'master', glob, outerJoin: false, emptyFiles: false, lazy: false, ...extra } };
}

/** Input trees of every kind, over repos `a` and `b`. */
const SPECS: Record<string, InputSpec> = {
  'pfs /*': pfs('a', '/*'),
  'pfs /': pfs('a', '/'),
  'pfs /*/*': pfs('a', '/*/*'),
  'pfs /**': pfs('a', '/**'),
  'pfs /d?': pfs('a', '/d?'),
  cross: { cross: [pfs('a', '/*'), pfs('b', '/*')] },
  'cross with /': { cross: [pfs('a', '/*'), pfs('b', '/')] },
  union: { union: [pfs('a', '/*'), pfs('b', '/*/*')] },
  'union, overlapping': { union: [pfs('a', '/*'), pfs('a', '/d*')] },
  join: { join: [pfs('a', '/(*)/*', { joinOn: '$1' }), pfs('b', '/(*)/*', { joinOn: '$1' })] },
  'outer join': { join: [pfs('a', '/(*)/*', { joinOn: '$1', outerJoin: true }), pfs('b', '/(*)/*', { joinOn: '$1' })] },
  group: { group: [pfs('a', '/(*)/*', { groupBy: '$1' }), pfs('b', '/(*)', { groupBy: '$1' })] },
  'cross of a join': { cross: [pfs('a', '/f*'), { join: [pfs('a', '/(d*)/*', { joinOn: '$1', name: 'x' }), pfs('b', '/(*)/*', { joinOn: '$1' })] }] },
  'join of a cross': { join: [{ cross: [pfs('a', '/(*)/*', { joinOn: '$1' }), pfs('b', '/f*', { name: 'y' })] }, pfs('b', '/(*)/*', { joinOn: '$1' })] },
  'union in a cross': { cross: [{ union: [pfs('a', '/d*'), pfs('b', '/d*')] }, pfs('b', '/f*', { name: 'z' })] },
};

const PATHS = ['/f0', '/f1', '/f2', '/d0/f0', '/d0/f1', '/d1/f0', '/d1/f1', '/d1/e/f0', '/d2/f0', '/e0/f0', '/e0/f1'];

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Repos = Record<'a' | 'b', FileEntry[]>;

function randomRepos(rand: () => number): Repos {
  const repo = () => PATHS.filter(() => rand() < 0.5).map((path) => ({ path, hash: `v${Math.floor(rand() * 2)}`, size: 1 }));
  return { a: repo(), b: repo() };
}

/** Adds, removes or rewrites a few files of a repo (or none). */
function randomChange(files: FileEntry[], rand: () => number): FileEntry[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const changes = Math.floor(rand() * 4);
  for (let i = 0; i < changes; i++) {
    const path = PATHS[Math.floor(rand() * PATHS.length)]!;
    if (byPath.has(path) && rand() < 0.5) byPath.delete(path);
    else byPath.set(path, { path, hash: `v${2 + Math.floor(rand() * 3)}`, size: 1 });
  }
  return [...byPath.values()].sort((x, y) => (x.path < y.path ? -1 : 1));
}

function changedPaths(before: FileEntry[], after: FileEntry[]): string[] {
  const a = new Map(before.map((f) => [f.path, f.hash]));
  const b = new Map(after.map((f) => [f.path, f.hash]));
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
}

function listingOf(repos: Record<ListingNeed['side'], Repos>, need: ListingNeed): FileEntry[] {
  const files = repos[need.side][need.ref.repo as 'a' | 'b'];
  return need.root === '/' ? files : files.filter((f) => f.path === need.root || f.path.startsWith(`${need.root}/`));
}

const options = { specHash: 'spec', salt: 'salt', commitOf: (ref: InputRepoRef) => `commit-${ref.repo}` };
const asParents = (datums: Datum[]): ParentDatum[] => datums.map((d) => ({ datumKey: d.id, hash: d.hash, sourceJobId: 'parent' }));
const keys = (datums: readonly { datumKey: string; hash: string }[]) => datums.map((d) => `${d.datumKey}:${d.hash}`).sort();
const byId = (datums: readonly Datum[]) => [...datums].sort((x, y) => (x.id < y.id ? -1 : 1));

/** The incremental plan against the parent's datums, as plan-job makes it. */
function incrementalPlan(input: InputSpec, before: Repos, after: Repos, parent: ParentDatum[]) {
  const leaves = analyseChanges(input, (ref) => changedPaths(before[ref.repo as 'a' | 'b'], after[ref.repo as 'a' | 'b']));
  const needs = listingNeeds(leaves);
  const listings = new Map(needs.map((n) => [listingKey(n.ref, n.side, n.root), listingOf({ before, after }, n)]));
  const changes = planDatumChanges(input, leaves, listings, options);
  const touched = new Set([...changes.after.map((d) => d.id), ...changes.beforeIds]);
  const split = partitionDatums(changes.after, parent.filter((d) => touched.has(d.datumKey)));
  const carried = parent.filter((d) => !touched.has(d.datumKey));
  return { split, carried, total: carried.length + changes.after.length, needs };
}

describe('planDatumChanges gives the datums the full planner gives', () => {
  for (const [name, input] of Object.entries(SPECS)) {
    it(`${name}: run, skipped and removed datums match over random changes`, () => {
      const rand = random(name.length * 7919 + 17);
      for (let round = 0; round < 150; round++) {
        const before = randomRepos(rand);
        const after = { a: randomChange(before.a, rand), b: rand() < 0.5 ? before.b : randomChange(before.b, rand) };
        const parent = asParents(planDatums(input, (ref) => before[ref.repo as 'a' | 'b'], options));
        const full = planDatums(input, (ref) => after[ref.repo as 'a' | 'b'], options);
        const expected = partitionDatums(full, parent);
        const got = incrementalPlan(input, before, after, parent);
        const context = JSON.stringify({ round, before, after });
        expect(byId(got.split.run), context).toEqual(byId(expected.run));
        expect(keys([...got.split.skip, ...got.carried]), context).toEqual(keys(expected.skip));
        expect(keys(got.split.removed), context).toEqual(keys(expected.removed));
        expect(got.total, context).toBe(full.length);
      }
    });
  }
});

describe('planDatumChanges reads only what the change touches', () => {
  it('lists the touched root of a pfs input, on both sides, and nothing else', () => {
    const leaves = analyseChanges(pfs('a', '/in/*'), () => ['/in/f7.txt']);
    expect(leaves.map((l) => [l.roots, l.full])).toEqual([[['/in/f7.txt'], false]]);
    expect(listingNeeds(leaves).map((n) => `${n.side}:${n.root}`)).toEqual(['before:/in/f7.txt', 'after:/in/f7.txt']);
  });

  it('needs no listing at all when nothing changed', () => {
    expect(listingNeeds(analyseChanges(SPECS.cross!, () => []))).toEqual([]);
  });

  it('lists the other side of a cross whole, and joined inputs whole', () => {
    const cross = analyseChanges(SPECS.cross!, (ref) => (ref.repo === 'a' ? ['/f1'] : []));
    expect(cross.map((l) => [l.pfs.repo, l.roots, l.full])).toEqual([
      ['a', ['/f1'], false],
      ['b', [], true],
    ]);
    const join = analyseChanges(SPECS.join!, (ref) => (ref.repo === 'a' ? ['/d0/f1'] : []));
    expect(join.map((l) => l.full)).toEqual([true, true]);
  });
});
