/**
 * The audit log for auditors: events selected by actor, action, target and time, a page at a
 * time, and verification of a chain end to end. Both need the `audit` action on every project
 * (roles auditor, compliance or admin bound to `*`): the log spans all projects.
 */
import { auditChainVerdict, chainIdSchema, createAuditLog, MAIN_CHAIN, type AuditBreakDetail, type AuditChainVerdict, type AuditEvent } from '../../compliance/audit/index.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { ALL_PROJECTS } from '../../graph-schema/auth/index.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import { builder, type Context } from './builder.js';

const AuditEventNode = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'One event of the tamper-evident audit log: `hash` seals its fields and `prevHash` links it to the event before.',
  fields: (t) => ({
    eventId: t.exposeString('id', { description: 'The event id (a UUID).' }),
    chain: t.exposeString('chain', { description: 'The chain it belongs to (`main` for the system log).' }),
    seq: t.exposeInt('seq', { description: '1, 2, 3… without gaps within the chain.' }),
    actor: t.exposeString('actor', { description: 'Who did it: `token:<name>(<token id>)`, or a user name.' }),
    action: t.exposeString('action', { description: 'The mutation or HTTP write, e.g. `createRepo`.' }),
    target: t.exposeString('target', { description: 'What it acted on: a reference, an id, or project/repo/name.' }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    argsDigest: t.exposeString('argsDigest', { description: 'sha256 of the canonical JSON of the arguments; the arguments are never stored.' }),
    summary: t.exposeString('summary', { nullable: true, description: 'A redacted account of the arguments, when one was given.' }),
    prevHash: t.exposeString('prevHash'),
    hash: t.exposeString('hash'),
  }),
});

const AuditEventConnection = builder.connectionObject({ type: AuditEventNode, name: 'AuditEventConnection' }, { name: 'AuditEventEdge' });

const AuditBreakReasonEnum = builder.enumType('AuditBreakReason', {
  values: {
    HASH_MISMATCH: { value: 'hash mismatch', description: "The event's fields do not hash to its stored hash: it was altered." },
    BROKEN_LINK: { value: 'broken link', description: 'Its prevHash is not the hash of the event before, or the head does not end on it.' },
    MISSING_SEQ: { value: 'missing seq', description: 'No event has this seq: it was deleted.' },
  } as const,
});

const AuditChainBreakNode = builder.objectRef<AuditBreakDetail>('AuditChainBreak').implement({
  description: 'The first place an audit chain does not hold.',
  fields: (t) => ({
    seq: t.exposeInt('seq'),
    reason: t.field({ type: AuditBreakReasonEnum, resolve: (b) => b.reason }),
    problem: t.exposeString('problem', { description: 'What is wrong, in words.' }),
    event: t.field({ type: AuditEventNode, nullable: true, description: 'The event stored at this seq, as stored (null when it is missing).', resolve: (b) => b.event }),
  }),
});

const AuditChainVerificationNode = builder.objectRef<AuditChainVerdict>('AuditChainVerification').implement({
  description: 'The result of recomputing every hash and link of a chain.',
  fields: (t) => ({
    chain: t.exposeString('chain'),
    ok: t.exposeBoolean('ok', { description: 'True when every event checked holds.' }),
    checked: t.exposeInt('checked', { description: 'Events found sound before the first break (all of them when ok).' }),
    headSeq: t.exposeInt('headSeq', { description: 'The last seq of the chain when verification began.' }),
    firstBroken: t.field({ type: AuditChainBreakNode, nullable: true, resolve: (v) => v.firstBroken ?? null }),
  }),
});

const auditGraphOf = (ctx: Context) => createNeo4jAuditGraph(ctx.runtime.graph);

/** The chain an argument names, checked (default `main`). */
function chainArg(chain: string | null | undefined): string {
  const value = chain ?? MAIN_CHAIN;
  const parsed = chainIdSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(`chain: ${parsed.error.issues[0]?.message ?? 'not a chain id'}`);
  return value;
}

/** The seq an `after` cursor names (a cursor is the decimal seq of an event). */
function seqCursor(after: string | null | undefined): number | undefined {
  if (after == null) return undefined;
  if (!/^[0-9]{1,15}$/.test(after)) throw new InvalidArgumentError(`after: ${JSON.stringify(after)} is not a cursor of auditEvents (a seq, as endCursor gives it)`);
  return Number(after);
}

builder.queryFields((t) => ({
  auditEvents: t.connection(
    {
      type: AuditEventNode,
      description: 'Audit events in seq order, each filter narrowing the selection; `from` is inclusive, `to` exclusive. Pages forward only.',
      args: {
        chain: t.arg.string({ defaultValue: MAIN_CHAIN, description: 'The chain (default the system log, `main`).' }),
        actor: t.arg.string(),
        action: t.arg.string(),
        target: t.arg.string(),
        from: t.arg({ type: 'DateTime' }),
        to: t.arg({ type: 'DateTime' }),
      },
      authScopes: { audit: ALL_PROJECTS },
      resolve: async (_root, args, ctx) => {
        if (args.last != null || args.before != null) throw new InvalidArgumentError('auditEvents pages forward only: use first and after');
        const log = createAuditLog({ graph: auditGraphOf(ctx), chain: chainArg(args.chain) });
        const after = seqCursor(args.after);
        const page = await log.listAuditEvents({
          ...(args.first != null ? { first: args.first } : {}),
          ...(after !== undefined ? { after } : {}),
          ...(args.actor != null ? { actor: args.actor } : {}),
          ...(args.action != null ? { action: args.action } : {}),
          ...(args.target != null ? { target: args.target } : {}),
          ...(args.from != null ? { from: args.from } : {}),
          ...(args.to != null ? { to: args.to } : {}),
        });
        const edges = page.events.map((node) => ({ cursor: String(node.seq), node }));
        return {
          edges,
          pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: (after ?? 0) > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        };
      },
    },
    AuditEventConnection,
  ),
  verifyAuditChain: t.field({
    type: AuditChainVerificationNode,
    description: 'Recomputes every hash and link of a chain, from `from` (default its first event) to its head, and names the first broken link.',
    args: {
      chain: t.arg.string({ defaultValue: MAIN_CHAIN }),
      from: t.arg.int({ description: 'The first seq to check; its link to the event before is checked too.' }),
    },
    authScopes: { audit: ALL_PROJECTS },
    resolve: (_root, args, ctx) => auditChainVerdict(auditGraphOf(ctx), chainArg(args.chain), args.from != null ? { from: args.from } : {}),
  }),
}));
