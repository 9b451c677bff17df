import { describe, expect, it } from 'vitest';
import { parsePipelineSpec } from './parse-pipeline-spec.js';
import { canonicalJson, specHash } from './spec-hash.js';

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe('specHash', () => {
  const base = {
    pipeline: { name: 'edges' },
    input: { pfs: { repo: 'images', glob: '/*' } },
    transform: { image: 'opencv', cmd: ['python3', 'edges.py'] },
  };
  const hashOf = (spec: unknown) => specHash(parsePipelineSpec(JSON.stringify(spec)).spec);

  it('is 64 hex characters', () => expect(hashOf(base)).toMatch(/^[0-9a-f]{64}$/));

  it('does not depend on key order', () => {
    const reordered = { transform: { cmd: ['python3', 'edges.py'], image: 'opencv' }, input: { pfs: { glob: '/*', repo: 'images' } }, pipeline: { name: 'edges' } };
    expect(hashOf(reordered)).toBe(hashOf(base));
  });

  it('does not depend on defaults being written out or on key spelling', () => {
    const explicit = {
      ...base,
      input: { pfs: { repo: 'images', glob: '/*/', branch: 'master', name: 'images', outer_join: false } },
      datum_tries: 3,
      output_branch: 'master',
      reprocess_spec: 'until_success',
      parallelism_spec: { constant: 1 },
    };
    expect(hashOf(explicit)).toBe(hashOf(base));
  });

  it('changes with anything that matters', () => {
    const variants = [
      { ...base, transform: { ...base.transform, cmd: ['python3', 'other.py'] } },
      { ...base, input: { pfs: { repo: 'images', glob: '/*/*' } } },
      { ...base, salt: 'x' },
      { ...base, datumTries: 4 },
    ];
    const hashes = new Set([hashOf(base), ...variants.map(hashOf)]);
    expect(hashes.size).toBe(variants.length + 1);
  });
});
