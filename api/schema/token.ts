/**
 * API tokens: who the request is (`whoami`), and, for admins of every project, creating,
 * listing and revoking tokens. A token's secret is returned once, by `createToken`; its hash
 * is never returned.
 */
import { ALL_PROJECTS, ROLES, type ApiTokenRecord, type Role, type RoleBinding } from '../../graph-schema/auth/index.js';
import type { IssuedToken } from '../auth/api-auth.js';
import type { TokenActor } from '../auth/actor.js';
import { arrayPage } from './connection-page.js';
import { builder } from './builder.js';

const ROLE_HELP: Record<Role, string> = {
  admin: 'Everything, token management included when bound to every project.',
  writer: 'Read and write repos, branches, commits and files.',
  reader: 'Read.',
  auditor: 'Read, and the audit log and lineage reports.',
  compliance: 'Read, audit, and file and run erasure requests.',
};

const RoleType = builder.enumType('Role', {
  description: 'What a token may do on the projects it is bound to.',
  values: Object.fromEntries(ROLES.map((role) => [role.toUpperCase(), { value: role, description: ROLE_HELP[role] }])) as Record<Uppercase<Role>, { value: Role; description: string }>,
});

const RoleBindingType = builder.objectRef<RoleBinding>('RoleBinding').implement({
  description: 'A role on one project, or on every project.',
  fields: (t) => ({
    role: t.field({ type: RoleType, resolve: (b) => b.role }),
    project: t.string({ nullable: true, description: 'Null: every project.', resolve: (b) => (b.project === ALL_PROJECTS ? null : b.project) }),
  }),
});

const RoleBindingInput = builder.inputType('RoleBindingInput', {
  fields: (t) => ({
    role: t.field({ type: RoleType, required: true }),
    project: t.string({ description: 'A project name; absent or "*": every project.' }),
  }),
});

const ApiTokenType = builder.objectRef<ApiTokenRecord>('ApiToken').implement({
  description: 'An API token, without its secret.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    bindings: t.field({ type: [RoleBindingType], resolve: (k) => k.bindings }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'Accurate to the token cache time of the API (30 s).', resolve: (k) => k.lastUsedAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
  }),
});

const ApiTokenConnection = builder.connectionObject({ type: ApiTokenType, name: 'ApiTokenConnection' }, { name: 'ApiTokenEdge' });

const CreatedToken = builder.objectRef<IssuedToken>('CreatedToken').implement({
  description: 'A new token: its secret is shown here once and cannot be read again.',
  fields: (t) => ({
    token: t.exposeString('token', { description: 'The secret to send as `Authorization: Bearer <token>`.' }),
    apiToken: t.field({ type: ApiTokenType, resolve: (c) => c.record }),
  }),
});

const ActorType = builder.objectRef<TokenActor>('Actor').implement({
  description: 'Who makes the request: the token it carries.',
  fields: (t) => ({
    tokenId: t.exposeID('tokenId'),
    name: t.exposeString('name'),
    bindings: t.field({ type: [RoleBindingType], resolve: (a) => [...a.bindings] }),
  }),
});

builder.queryFields((t) => ({
  whoami: t.field({
    type: ActorType,
    description: 'The token this request carries, with its roles.',
    resolve: (_root, _args, ctx) => ctx.actor as TokenActor,
  }),
  tokens: t.connection(
    {
      type: ApiTokenType,
      description: 'API tokens, newest first; revoked ones too with includeRevoked. Admins of every project only.',
      args: { includeRevoked: t.arg.boolean({ defaultValue: false }) },
      authScopes: { admin: ALL_PROJECTS },
      resolve: async (_root, args, ctx) => arrayPage(args, await ctx.auth.listTokens({ includeRevoked: args.includeRevoked ?? false })),
    },
    ApiTokenConnection,
  ),
}));

builder.mutationFields((t) => ({
  createToken: t.field({
    type: CreatedToken,
    description: 'Creates a token with these roles and returns its secret, this once. Admins of every project only.',
    args: {
      name: t.arg.string({ required: true, description: 'Whom or what the token is for.' }),
      bindings: t.arg({ type: [RoleBindingInput], required: true }),
    },
    authScopes: { admin: ALL_PROJECTS },
    resolve: (_root, args, ctx) =>
      ctx.auth.issueToken({ name: args.name, bindings: args.bindings.map((b) => ({ role: b.role, project: b.project ?? ALL_PROJECTS })) }),
  }),
  revokeToken: t.field({
    type: ApiTokenType,
    description: 'Revokes a token: it is refused from now on (by other API processes within 30 s). Admins of every project only.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { admin: ALL_PROJECTS },
    resolve: (_root, args, ctx) => ctx.auth.revokeToken(String(args.id)),
  }),
}));
