/**
 * The authorisation policy: which roles allow which actions, on which projects. Pure, so that
 * the GraphQL scopes, the byte endpoints and the tests ask the same table.
 */
import { ALL_PROJECTS, ROLES, formatRoleBinding, type Role } from '../../graph-schema/auth/index.js';
import type { Actor } from './actor.js';

export const ACTIONS = ['read', 'write', 'admin', 'audit', 'erase'] as const;
export type Action = (typeof ACTIONS)[number];

/** What each role allows on the projects it is bound to (`*`: every project). */
export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  admin: ACTIONS,
  writer: ['read', 'write'],
  reader: ['read'],
  auditor: ['read', 'audit'],
  compliance: ['read', 'audit', 'erase'],
};

/**
 * Whether `actor` may do `action` on `project`. A binding to `*` holds on every project; a
 * question about every project (`project` omitted or `*`) is answered by `*` bindings only.
 * An anonymous actor may do nothing.
 */
export function can(actor: Actor, action: Action, project: string = ALL_PROJECTS): boolean {
  if (actor.kind !== 'token') return false;
  return actor.bindings.some((b) => (b.project === ALL_PROJECTS || b.project === project) && ROLE_ACTIONS[b.role].includes(action));
}

/** The roles that allow `action`, for refusals that say what is missing. */
export function rolesAllowing(action: Action): Role[] {
  return ROLES.filter((role) => ROLE_ACTIONS[role].includes(action));
}

const PHRASES: Record<Action, string> = {
  read: 'read',
  write: 'write to',
  admin: 'administer',
  audit: 'audit',
  erase: 'erase data in',
};

/** Why `actor` may not do `action` on `project`, naming the roles that would allow it. */
export function refusalMessage(actor: Actor, action: Action, project: string = ALL_PROJECTS): string {
  const where = project === ALL_PROJECTS ? 'every project' : `project ${project}`;
  const who = actor.kind === 'token' ? `token ${JSON.stringify(actor.name)}` : 'an anonymous request';
  const has = actor.kind === 'token' ? actor.bindings.map(formatRoleBinding).join(', ') || 'no roles' : 'no roles';
  const roles = rolesAllowing(action).join(' or ');
  const on = project === ALL_PROJECTS ? 'bound to *' : `on ${project} (or *)`;
  return `${who} may not ${PHRASES[action]} ${where}: that needs the role ${roles} ${on}; it has ${has}`;
}
