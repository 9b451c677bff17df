import { describe, expect, it } from 'vitest';
import { auditActor, auditTarget } from './audit-mutations.js';

describe('audit naming', () => {
  it('names what a mutation acted on from its arguments', () => {
    expect(auditTarget('createRepo', { project: 'default', name: 'images' })).toBe('default/images');
    expect(auditTarget('deleteFile', { ref: 'images@master:/a.png', recursive: true })).toBe('images@master:/a.png');
    expect(auditTarget('copyFile', { src: 'a@master:/x', dst: 'b@master:/y' })).toBe('a@master:/x -> b@master:/y');
    expect(auditTarget('finishCommit', { id: 'abc' })).toBe('abc');
    expect(auditTarget('rerunPipeline', {})).toBe('rerunPipeline');
  });

  it('names the actor by token name and id, or anonymous', () => {
    expect(auditActor({ kind: 'token', tokenId: 't1', name: 'ci', bindings: [] })).toBe('token:ci(t1)');
    expect(auditActor({ kind: 'anonymous', reason: 'none' })).toBe('anonymous');
  });
});
