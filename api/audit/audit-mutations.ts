/**
 * Every mutation through the API appends an AuditEvent to the tamper-evident chain: GraphQL
 * mutations (one event per top-level mutation field that succeeded) and the HTTP writes of
 * file bytes. Only a digest of the arguments is stored, never the arguments themselves.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import type { AuditLog } from '../../compliance/audit/index.js';
import type { Logger } from '../../core/logger.js';
import { isAuthenticated, type Actor } from '../auth/actor.js';
import { actorOf } from '../auth/http-auth.js';
import type { Context } from '../schema/builder.js';

type AuditInput = Parameters<AuditLog['appendAuditEvents']>[0][number];

/** How an actor is named in the audit log: the token's name and id. */
export function auditActor(actor: Actor): string {
  return isAuthenticated(actor) ? `token:${actor.name}(${actor.tokenId})` : 'anonymous';
}

/** What a mutation acted on, from its arguments: a reference, an id, or project/repo/name. */
export function auditTarget(field: string, args: Record<string, unknown>): string {
  const str = (k: string) => (typeof args[k] === 'string' ? (args[k] as string) : undefined);
  const named = [str('project'), str('repo'), str('name')].filter(Boolean).join('/');
  if (str('src') && str('dst')) return `${str('src')} -> ${str('dst')}`;
  return str('ref') ?? str('id') ?? (named || field);
}

export function auditMutationsPlugin(audit: AuditLog, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const pending: AuditInput[] = [];
      return {
        async executionDidStart({ operation }) {
          // Only a mutation has anything to record: a query resolves its fields unwatched.
          if (operation.operation !== 'mutation') return;
          return {
            willResolveField({ info, args, contextValue }) {
              if (info.parentType.name !== 'Mutation' || info.path.prev !== undefined) return;
              return (error) => {
                if (error) return;
                const a = args as Record<string, unknown>;
                pending.push({ actor: auditActor(contextValue.actor), action: info.fieldName, target: auditTarget(info.fieldName, a), args: a });
              };
            },
          };
        },
        async willSendResponse() {
          if (pending.length === 0) return;
          await audit.appendAuditEvents(pending.splice(0)).catch((err: unknown) => logger.error({ err }, 'appending audit events failed'));
        },
      };
    },
  };
}

/** Records each successful HTTP write (PUT of a file, POST of a tar) once its response is sent. */
export function auditHttpWrites(audit: AuditLog, logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.on('finish', () => {
        if (res.statusCode >= 300) return;
        const event = { actor: auditActor(actorOf(req)), action: `http ${req.method} ${req.path.includes('/tar') ? 'tar' : 'file'}`, target: decodeURIComponent(req.path), args: req.query };
        audit.appendAuditEvent(event).catch((err: unknown) => logger.error({ err }, 'appending an audit event failed'));
      });
    }
    next();
  };
}
