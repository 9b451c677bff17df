/**
 * API tokens as the graph stores them. A token's role bindings are kept on its node as a
 * list of `role:project` strings (`writer:default`, `admin:*`): the token and everything it
 * may do come back from one indexed lookup by hash, a binding may name a project that does
 * not exist yet, and `*` (every project) needs no node of its own.
 */
import { InvalidArgumentError } from '../../core/errors.js';

export const ROLES = ['admin', 'writer', 'reader', 'auditor', 'compliance'] as const;
export type Role = (typeof ROLES)[number];

/** The project of a binding that holds on every project. */
export const ALL_PROJECTS = '*';

export interface RoleBinding {
  role: Role;
  /** A project name, or `*` for every project. */
  project: string;
}

export interface ApiTokenRecord {
  id: string;
  name: string;
  bindings: RoleBinding[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What is stored for a new token: never the token itself, only its sha256. */
export interface NewApiToken {
  id: string;
  name: string;
  /** sha256 (hex) of the token. */
  hash: string;
  bindings: RoleBinding[];
}

/** Project names follow the name rule of the file system: letters, digits, `_` and `-`, at most 63. */
const PROJECT_PATTERN = /^[A-Za-z0-9_-]{1,63}$/;

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * Reads `role` or `role:project` (`admin`, `writer:default`, `reader:*`); a binding without a
 * project holds on every project. Refuses unknown roles and malformed project names.
 */
export function parseRoleBinding(spec: string): RoleBinding {
  const colon = spec.indexOf(':');
  const role = colon === -1 ? spec : spec.slice(0, colon);
  const project = colon === -1 ? ALL_PROJECTS : spec.slice(colon + 1);
  if (!isRole(role)) {
    throw new InvalidArgumentError(`role ${JSON.stringify(role)} in ${JSON.stringify(spec)}: expected one of ${ROLES.join(', ')}, optionally followed by :project`, { binding: spec });
  }
  return { role, project: validateBindingProject(project, spec) };
}

/** A binding's project: a project name or `*`. */
export function validateBindingProject(project: string, spec = project): string {
  if (project === ALL_PROJECTS || PROJECT_PATTERN.test(project)) return project;
  throw new InvalidArgumentError(
    `project ${JSON.stringify(project)} in ${JSON.stringify(spec)}: use a project name (letters, digits, "_" and "-", at most 63 characters) or * for every project`,
    { binding: spec },
  );
}

/** `writer:default`: how a binding is stored and how the CLI writes it. */
export function formatRoleBinding(binding: RoleBinding): string {
  return `${binding.role}:${binding.project}`;
}

/** The bindings in a stable order, each once. */
export function normalizeBindings(bindings: readonly RoleBinding[]): RoleBinding[] {
  const unique = new Map(bindings.map((b) => [formatRoleBinding(b), b]));
  return [...unique.keys()].sort().map((key) => unique.get(key) as RoleBinding);
}
