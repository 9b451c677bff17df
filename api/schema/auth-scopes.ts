/**
 * Field scopes that depend on the arguments: the project a field reads or writes is in its
 * `project` argument, in a reference (`research/images@master:/a`), or in the commit an id
 * names. An anonymous request is refused before its arguments are read.
 */
import { splitRepoId } from './pfs-args.js';
import type { Action } from '../auth/policy.js';
import { can } from '../auth/policy.js';
import type { Context } from './builder.js';

type MaybePromise<T> = T | Promise<T>;

/** A scope map of action scopes; `$all` nests so that several actions must all be allowed. */
export type ActionScopes = Partial<Record<Action, string>> & { $all?: ActionScopes };

/** Scopes for a field that needs every `[action, project]` its arguments name. */
export function needs<Args>(required: (args: Args, ctx: Context) => MaybePromise<[Action, string][]>) {
  return async (_parent: unknown, args: Args, ctx: Context): Promise<ActionScopes | boolean> => {
    if (ctx.actor.kind === 'anonymous') return false;
    return allOf(await required(args, ctx));
  };
}

/** Scopes for a field that does `action` on the project its arguments name. */
export function onProject<Args>(action: Action, projectOf: (args: Args, ctx: Context) => MaybePromise<string>) {
  return needs<Args>(async (args, ctx) => [[action, await projectOf(args, ctx)]]);
}

/** The `project` argument of a field, `default` when absent. */
export const projectArg = (args: { project?: string | null | undefined }): string => args.project ?? 'default';

/** The project of a repo id (`project/repo`), as commits and branches carry it. */
export const projectOfRepoId = (repoId: string): string => splitRepoId(repoId).project;

/** Whether the request may read `project`: for lists that span projects, which show only what it may read. */
export const readable = (ctx: Context, project: string): boolean => can(ctx.actor, 'read', project);

function allOf(required: [Action, string][]): ActionScopes | boolean {
  const unique = [...new Map(required.map(([action, project]) => [`${action}:${project}`, [action, project] as const])).values()];
  const nest = (list: (readonly [Action, string])[]): ActionScopes => {
    const [[action, project], ...rest] = list as [readonly [Action, string], ...(readonly [Action, string])[]];
    const scopes: ActionScopes = {};
    scopes[action] = project;
    if (rest.length > 0) scopes.$all = nest(rest);
    return scopes;
  };
  if (unique.length === 0) return true;
  return unique.length === 1 ? nest(unique) : { $all: nest(unique) };
}
