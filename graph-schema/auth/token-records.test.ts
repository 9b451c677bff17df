import { describe, expect, it } from 'vitest';
import { formatRoleBinding, normalizeBindings, parseRoleBinding } from './token-records.js';

describe('role bindings', () => {
  it('reads role and role:project, a missing project meaning every project', () => {
    expect(parseRoleBinding('writer:default')).toEqual({ role: 'writer', project: 'default' });
    expect(parseRoleBinding('admin')).toEqual({ role: 'admin', project: '*' });
    expect(parseRoleBinding('reader:*')).toEqual({ role: 'reader', project: '*' });
  });

  it('formats a binding the way it reads it', () => {
    for (const spec of ['writer:default', 'admin:*', 'compliance:research-2']) expect(formatRoleBinding(parseRoleBinding(spec))).toBe(spec);
  });

  it('refuses an unknown role, naming the known ones', () => {
    expect(() => parseRoleBinding('owner:default')).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('expected one of admin, writer, reader, auditor, compliance') }));
  });

  it('refuses a malformed project', () => {
    for (const spec of ['writer:', 'writer:a/b', 'writer:a:b', `reader:${'x'.repeat(64)}`]) {
      expect(() => parseRoleBinding(spec)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('use a project name') }));
    }
  });

  it('keeps each binding once, in a stable order', () => {
    const bindings = normalizeBindings([parseRoleBinding('writer:b'), parseRoleBinding('admin'), parseRoleBinding('writer:b'), parseRoleBinding('reader:a')]);
    expect(bindings.map(formatRoleBinding)).toEqual(['admin:*', 'reader:a', 'writer:b']);
  });
});
