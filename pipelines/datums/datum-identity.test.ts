import { describe, expect, it } from 'vitest';
import type { InputSpec } from '../spec/spec-types.js';
import { datumHash, datumId } from './datum-identity.js';
import { planDatums } from './plan-datums.js';
import { fakeRepos, filesAt } from './test-helpers.js';

const crossInput: InputSpec = {
  cross: [
    { pfs: { name: 'images', project: 'default', repo: 'images', branch: 'master', glob: '/*', outerJoin: false, emptyFiles: false, lazy: false } },
    { pfs: { name: 'models', project: 'default', repo: 'models', branch: 'master', glob: '/', outerJoin: false, emptyFiles: false, lazy: false } },
  ],
};
const models = filesAt(['/model.bin']);

describe('datum identity', () => {
  it('gives 64-hex ids and hashes', () => {
    const [datum] = planDatums(crossInput, fakeRepos({ images: filesAt(['/a.png']), models }));
    expect(datum!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(datum!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps ids across commits while content changes; a changed file changes only its datum hash', () => {
    const before = planDatums(crossInput, fakeRepos({ images: filesAt(['/a.png', '/b.png', '/c.png']), models }));
    const changed = [...filesAt(['/a.png', '/c.png']), ...filesAt(['/b.png'], 'v2')];
    const after = planDatums(crossInput, fakeRepos({ images: changed, models }));
    expect(after.map((d) => d.id)).toEqual(before.map((d) => d.id));
    expect(after.map((d, i) => d.hash === before[i]!.hash)).toEqual([true, false, true]);
  });

  it('changes every hash when a file all datums share changes', () => {
    const images = filesAt(['/a.png', '/b.png']);
    const before = planDatums(crossInput, fakeRepos({ images, models }));
    const after = planDatums(crossInput, fakeRepos({ images, models: filesAt(['/model.bin'], 'v2') }));
    expect(after.every((d, i) => d.hash !== before[i]!.hash)).toBe(true);
  });

  it('changes every hash, but no id, with the spec hash or the salt', () => {
    const repos = fakeRepos({ images: filesAt(['/a.png']), models });
    const base = planDatums(crossInput, repos, { specHash: 'spec-1', salt: 's' })[0]!;
    const otherSpec = planDatums(crossInput, repos, { specHash: 'spec-2', salt: 's' })[0]!;
    const otherSalt = planDatums(crossInput, repos, { specHash: 'spec-1', salt: 't' })[0]!;
    expect(new Set([base.hash, otherSpec.hash, otherSalt.hash]).size).toBe(3);
    expect(new Set([base.id, otherSpec.id, otherSalt.id]).size).toBe(1);
  });

  it('does not depend on the order of a datum\'s inputs', () => {
    const [datum] = planDatums(crossInput, fakeRepos({ images: filesAt(['/a.png']), models }));
    const reversed = [...datum!.inputs].reverse();
    expect(datumId(reversed)).toBe(datum!.id);
    expect(datumHash(reversed)).toBe(datumHash(datum!.inputs));
  });

  it('gives different ids to different roots and to the same root under another input name', () => {
    const [a] = planDatums(crossInput, fakeRepos({ images: filesAt(['/a.png']), models }));
    const input = a!.inputs[0]!;
    expect(datumId([{ ...input, root: '/b.png' }])).not.toBe(datumId([input]));
    expect(datumId([{ ...input, name: 'other' }])).not.toBe(datumId([input]));
  });

  it('is not fooled by field boundaries', () => {
    const [a] = planDatums(crossInput, fakeRepos({ images: filesAt(['/a.png']), models }));
    const input = a!.inputs[0]!;
    expect(datumId([{ ...input, name: 'ab', root: '/c' }])).not.toBe(datumId([{ ...input, name: 'a', root: 'b/c' }]));
  });
});
