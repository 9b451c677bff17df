import { AuthScopeFailureType, type AuthFailure } from '@pothos/plugin-scope-auth';
import { describe, expect, it } from 'vitest';
import { anonymousActor, type Actor } from '../auth/actor.js';
import { refusalOf } from './auth-refusal.js';
import { needs, onProject } from './auth-scopes.js';
import type { Context } from './builder.js';

const ctxOf = (actor: Actor) => ({ actor }) as Context;
const writer: Actor = { kind: 'token', tokenId: 't', name: 'ci', bindings: [{ role: 'writer', project: 'default' }] };

describe('field scopes', () => {
  it('asks one action on the project of the arguments', async () => {
    const scopes = onProject('write', (args: { project: string }) => args.project);
    expect(await scopes(null, { project: 'research' }, ctxOf(writer))).toEqual({ write: 'research' });
  });

  it('asks every action when a field needs several, each once', async () => {
    const scopes = needs((args: { src: string; dst: string }) => [
      ['read', args.src],
      ['write', args.dst],
      ['read', args.src],
    ]);
    expect(await scopes(null, { src: 'a', dst: 'b' }, ctxOf(writer))).toEqual({ $all: { read: 'a', $all: { write: 'b' } } });
    expect(await scopes(null, { src: 'a', dst: 'a' }, ctxOf(writer))).toEqual({ $all: { read: 'a', $all: { write: 'a' } } });
  });

  it('lets any token through when the arguments name no project', async () => {
    expect(await needs(() => [])(null, {}, ctxOf(writer))).toBe(true);
  });

  it('refuses an anonymous request before reading the arguments', async () => {
    const scopes = onProject('read', () => {
      throw new Error('arguments read');
    });
    expect(await scopes(null, {}, ctxOf(anonymousActor()))).toBe(false);
  });
});

describe('refusalOf', () => {
  it('is UNAUTHENTICATED with the reason when there is no valid token', () => {
    const err = refusalOf(anonymousActor('the API token is not known'), { kind: AuthScopeFailureType.Unknown });
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', message: 'the API token is not known' });
  });

  it('is FORBIDDEN naming the first refused action and its project', () => {
    const failure: AuthFailure = {
      kind: AuthScopeFailureType.AllAuthScopes,
      failures: [
        { kind: AuthScopeFailureType.AuthScope, scope: 'authenticated', parameter: true, error: null },
        { kind: AuthScopeFailureType.AuthScope, scope: 'write', parameter: 'research', error: null },
      ],
    };
    const err = refusalOf(writer, failure);
    expect(err).toMatchObject({ code: 'FORBIDDEN', details: { action: 'write', project: 'research' } });
    expect(err.message).toMatch(/^token "ci" may not write to project research: /);
  });
});
