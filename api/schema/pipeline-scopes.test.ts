import { describe, expect, it } from 'vitest';
import { anonymousActor, type Actor } from '../auth/actor.js';
import type { Context } from './builder.js';
import { onSpec, specArg } from './pipeline-scopes.js';

const ctxOf = (actor: Actor) => ({ actor }) as Context;
const writer: Actor = { kind: 'token', tokenId: 't', name: 'ci', bindings: [{ role: 'writer', project: 'research' }] };

const spec = (input: unknown) => JSON.stringify({ pipeline: { name: 'edges', project: 'research' }, input, transform: { cmd: ['true'] } });

describe('specArg', () => {
  it('parses JSON or YAML text', () => {
    expect(specArg('pipeline: {name: edges}\ninput: {pfs: {repo: images, glob: "/*"}}\ntransform: {cmd: ["true"]}').spec.pipeline).toEqual({ name: 'edges', project: 'default' });
  });

  it('refuses a bad spec as INVALID_ARGUMENT naming the argument and each wrong field', () => {
    const refusal = (() => {
      try {
        return specArg(spec({ pfs: { repo: 'images', glob: '' } }));
      } catch (err) {
        return err;
      }
    })();
    expect(refusal).toMatchObject({ code: 'INVALID_ARGUMENT', details: { argument: 'spec' } });
    expect((refusal as Error).message).toMatch(/^spec: invalid pipeline spec: input\.pfs\.glob: /);
  });
});

describe('onSpec', () => {
  it("asks the action on the pipeline's project and read on the project of every repo it reads", async () => {
    const cross = { cross: [{ pfs: { repo: 'images', glob: '/*' } }, { pfs: { project: 'shared', repo: 'labels', glob: '/' } }] };
    expect(await onSpec('write')(null, { spec: spec(cross) }, ctxOf(writer))).toEqual({ $all: { write: 'research', $all: { read: 'research', $all: { read: 'shared' } } } });
  });

  it('refuses an anonymous request before reading the spec', async () => {
    expect(await onSpec('read')(null, { spec: 'not a spec' }, ctxOf(anonymousActor()))).toBe(false);
  });
});
