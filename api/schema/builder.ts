/**
 * The Pothos schema builder, its plugins and the request context every resolver sees.
 * Every field needs an authenticated actor (the Query and Mutation types say so; `health`
 * opts out), and fields that touch a project need an action on it: the scopes below ask the
 * policy table, and a refusal is UNAUTHENTICATED without a token, FORBIDDEN with one.
 */
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { Logger } from '../../core/logger.js';
import type { PipelineService } from '../../pipelines/service/index.js';
import type { Runtime } from '../../runtime/create-runtime.js';
import type { Actor } from '../auth/actor.js';
import type { ApiAuth } from '../auth/api-auth.js';
import { can } from '../auth/policy.js';
import { refusalOf } from './auth-refusal.js';
import { decodeStemmaGlobalId, encodeStemmaGlobalId } from './global-id.js';

export interface Context {
  requestId: string;
  logger: Logger;
  runtime: Runtime;
  auth: ApiAuth;
  /** Who makes the request. */
  actor: Actor;
  /** Pipelines, jobs, datums and models. */
  pipelines: PipelineService;
}

/** Each action scope takes the project it is asked on (`*`: every project). */
export interface StemmaAuthScopes {
  authenticated: boolean;
  read: string;
  write: string;
  admin: string;
  audit: string;
  erase: string;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: StemmaAuthScopes;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      authenticated: ctx.actor.kind === 'token',
      read: (project) => can(ctx.actor, 'read', project),
      write: (project) => can(ctx.actor, 'write', project),
      admin: (project) => can(ctx.actor, 'admin', project),
      audit: (project) => can(ctx.actor, 'audit', project),
      erase: (project) => can(ctx.actor, 'erase', project),
    }),
    unauthorizedError: (_parent, ctx, _info, result) => refusalOf(ctx.actor, result.failure),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeStemmaGlobalId,
    decodeGlobalID: decodeStemmaGlobalId,
  },
  errors: { defaultTypes: [] },
});

builder.queryType({ authScopes: { authenticated: true } });
builder.mutationType({ authScopes: { authenticated: true } });
