import { describe, expect, it } from 'vitest';
import type { Role, RoleBinding } from '../../graph-schema/auth/index.js';
import { anonymousActor, type TokenActor } from './actor.js';
import { ACTIONS, can, refusalMessage, rolesAllowing, type Action } from './policy.js';

const actor = (...bindings: RoleBinding[]): TokenActor => ({ kind: 'token', tokenId: 't1', name: 'ci', bindings });

/** The policy table as the requirement states it: role → the actions it allows where it is bound. */
const EXPECTED: Record<Role, Action[]> = {
  admin: ['read', 'write', 'admin', 'audit', 'erase'],
  writer: ['read', 'write'],
  reader: ['read'],
  auditor: ['read', 'audit'],
  compliance: ['read', 'audit', 'erase'],
};

describe('can', () => {
  const cases = Object.entries(EXPECTED).flatMap(([role, allowed]) => ACTIONS.map((action) => [role as Role, action, allowed.includes(action)] as const));

  it.each(cases)('%s bound to a project may %s there: %s', (role, action, allowed) => {
    expect(can(actor({ role, project: 'default' }), action, 'default')).toBe(allowed);
  });

  it.each(cases)('%s bound to a project may not %s on another project', (role, action) => {
    expect(can(actor({ role, project: 'default' }), action, 'research')).toBe(false);
  });

  it.each(cases)('%s bound to * may %s on any project: %s', (role, action, allowed) => {
    expect(can(actor({ role, project: '*' }), action, 'research')).toBe(allowed);
    expect(can(actor({ role, project: '*' }), action, 'default')).toBe(allowed);
  });

  it('answers a question about every project with * bindings only', () => {
    expect(can(actor({ role: 'admin', project: '*' }), 'admin')).toBe(true);
    expect(can(actor({ role: 'admin', project: 'default' }), 'admin')).toBe(false);
    expect(can(actor({ role: 'admin', project: 'default' }), 'admin', '*')).toBe(false);
  });

  it('combines bindings: writer on one project, reader on another', () => {
    const mixed = actor({ role: 'writer', project: 'default' }, { role: 'reader', project: 'research' });
    expect(can(mixed, 'write', 'default')).toBe(true);
    expect(can(mixed, 'read', 'research')).toBe(true);
    expect(can(mixed, 'write', 'research')).toBe(false);
    expect(can(mixed, 'read', 'other')).toBe(false);
  });

  it('lets an anonymous actor do nothing', () => {
    for (const action of ACTIONS) expect(can(anonymousActor(), action, 'default')).toBe(false);
  });

  it('lets a token without bindings do nothing', () => {
    for (const action of ACTIONS) expect(can(actor(), action, 'default')).toBe(false);
  });
});

describe('refusals', () => {
  it('names the roles that allow an action', () => {
    expect(rolesAllowing('write')).toEqual(['admin', 'writer']);
    expect(rolesAllowing('erase')).toEqual(['admin', 'compliance']);
    expect(rolesAllowing('audit')).toEqual(['admin', 'auditor', 'compliance']);
  });

  it('says who, what, where, and what the token has', () => {
    expect(refusalMessage(actor({ role: 'reader', project: 'research' }), 'write', 'research')).toBe(
      'token "ci" may not write to project research: that needs the role admin or writer on research (or *); it has reader:research',
    );
    expect(refusalMessage(actor({ role: 'writer', project: 'default' }), 'admin')).toBe(
      'token "ci" may not administer every project: that needs the role admin bound to *; it has writer:default',
    );
  });
});
