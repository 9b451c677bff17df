/**
 * Erasure requests: file, plan, approve, execute and verify them, and read them. Filing,
 * planning, approving and executing need the `erase` action on every project (roles
 * compliance, admin), since an erasure reaches every project; reading and verifying need
 * `audit` on every project (auditor too). Requester and approver are token ids, so the service
 * can refuse an approval by the requester whatever the tokens are named.
 */
import { ERASURE_STEPS, type ErasureRecord } from '../../compliance/erasure/index.js';
import { InvalidArgumentError } from '../../core/errors.js';
import { ALL_PROJECTS } from '../../graph-schema/auth/index.js';
import type { TokenActor } from '../auth/actor.js';
import { builder, type Context } from './builder.js';
import { ErasureCertificateType, ErasureExecutionType, ErasurePlanType, ErasureStepRecordType, ErasureVerificationType } from './erasure-plan.js';
import { erasureIdArg, ErasureRequestNode, erasuresOf, ErasureStateEnum, ErasureStepEnum } from './erasure-nodes.js';

/** The token id of the request's actor (fields here are refused to anonymous requests first). */
const tokenIdOf = (ctx: Context): string => (ctx.actor as TokenActor).tokenId;

const MAX_PAGE = 500;

/** The longest `executeErasure(wait: true)` holds its request open. */
const MAX_WAIT_MS = 10 * 60_000;

ErasureRequestNode.implement({
  description: "A request to erase a data subject from every repo, derived output and model, with its plan, progress, verification and certificate.",
  authScopes: { audit: ALL_PROJECTS },
  fields: (t) => ({
    erasureId: t.exposeString('id', { description: 'The erasure id the CLI and `erasure(id)` take.' }),
    subjectId: t.exposeString('subjectId'),
    reason: t.exposeString('reason'),
    state: t.field({ type: ErasureStateEnum, resolve: (e) => e.state }),
    requestedBy: t.exposeString('requestedBy', { description: 'The id of the token that filed it.' }),
    approvedBy: t.exposeString('approvedBy', { nullable: true, description: 'The id of the token that approved it.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (e) => e.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (e) => e.updatedAt }),
    plannedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.plannedAt }),
    approvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.approvedAt }),
    executionStartedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.executionStartedAt }),
    completedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.completedAt }),
    plan: t.field({ type: ErasurePlanType, nullable: true, description: 'The dry run; null until planned.', resolve: (e) => e.plan }),
    steps: t.field({ type: [ErasureStepRecordType], description: 'The steps ended so far, in order: the checkpoints of the execution.', resolve: (e) => e.steps }),
    remainingSteps: t.field({
      type: [ErasureStepEnum],
      description: 'The steps not done yet, in order.',
      resolve: (e) => ERASURE_STEPS.filter((s) => !e.steps.some((done) => done.step === s && done.state === 'done')),
    }),
    execution: t.field({ type: ErasureExecutionType, resolve: (e) => e.execution }),
    verification: t.field({ type: ErasureVerificationType, nullable: true, description: 'The last verification recorded on the request.', resolve: (e) => e.verification }),
    certificate: t.field({ type: ErasureCertificateType, nullable: true, description: 'Null until the request is verified.', resolve: (e) => (e.certificate ? { ...e.certificate, erasureId: e.id } : null) }),
    error: t.exposeString('error', { nullable: true, description: 'Why it failed, for state FAILED.' }),
  }),
});

const ErasureRequestConnection = builder.connectionObject({ type: ErasureRequestNode, name: 'ErasureRequestConnection' }, { name: 'ErasureRequestEdge' });

const VerifyErasurePayload = builder.objectRef<{ erasure: ErasureRecord; verification: ErasureRecord['verification'] & object }>('VerifyErasurePayload').implement({
  description: 'A verification, and the request as it is after it.',
  fields: (t) => ({
    erasure: t.field({ type: ErasureRequestNode, resolve: (p) => p.erasure }),
    verification: t.field({ type: ErasureVerificationType, resolve: (p) => p.verification }),
  }),
});

builder.queryFields((t) => ({
  erasure: t.field({
    type: ErasureRequestNode,
    description: 'An erasure request, read afresh: poll it to follow an execution.',
    args: { id: t.arg.id({ required: true, description: 'The erasure id, or the global node id.' }) },
    authScopes: { audit: ALL_PROJECTS },
    resolve: (_root, args, ctx) => erasuresOf(ctx).get(erasureIdArg(args.id)),
  }),
  erasures: t.connection(
    {
      type: ErasureRequestNode,
      description: 'Erasure requests, newest first. Pages forward only (at most 500 a page).',
      args: { state: t.arg({ type: ErasureStateEnum }), subjectId: t.arg.string() },
      authScopes: { audit: ALL_PROJECTS },
      resolve: async (_root, args, ctx) => {
        if (args.last != null || args.before != null) throw new InvalidArgumentError('erasures pages forward only: use first and after');
        const first = args.first ?? 50;
        if (!Number.isSafeInteger(first) || first < 1 || first > MAX_PAGE) throw new InvalidArgumentError(`first: must be 1 to ${MAX_PAGE} (got ${first})`);
        const found = await erasuresOf(ctx).list({
          limit: first + 1,
          ...(args.state != null ? { state: args.state } : {}),
          ...(args.subjectId != null ? { subjectId: args.subjectId } : {}),
          ...(args.after != null ? { after: args.after } : {}),
        });
        const edges = found.slice(0, first).map((node) => ({ cursor: node.id, node }));
        const pageInfo = { hasNextPage: found.length > first, hasPreviousPage: args.after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null };
        return { edges, pageInfo };
      },
    },
    ErasureRequestConnection,
  ),
}));

builder.mutationFields((t) => ({
  requestErasure: t.field({
    type: ErasureRequestNode,
    description: 'Files a request to erase a data subject (state REQUESTED). Needs the erase action on every project.',
    args: { subjectId: t.arg.string({ required: true }), reason: t.arg.string({ required: true }) },
    authScopes: { erase: ALL_PROJECTS },
    resolve: (_root, args, ctx) => erasuresOf(ctx).request({ subjectId: args.subjectId, reason: args.reason, requestedBy: tokenIdOf(ctx) }),
  }),
  planErasure: t.field({
    type: ErasureRequestNode,
    description: 'Computes the dry run and stores it on the request (state PLANNED); planning again refreshes it until approval.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { erase: ALL_PROJECTS },
    resolve: (_root, args, ctx) => erasuresOf(ctx).plan(erasureIdArg(args.id)),
  }),
  approveErasure: t.field({
    type: ErasureRequestNode,
    description: 'Approves a planned request (state APPROVED). FORBIDDEN for the token that filed it.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { erase: ALL_PROJECTS },
    resolve: (_root, args, ctx) => erasuresOf(ctx).approve(erasureIdArg(args.id), tokenIdOf(ctx)),
  }),
  executeErasure: t.field({
    type: ErasureRequestNode,
    description:
      'Runs, or resumes, every step of an approved request in the workers. Without wait, answers once it is queued; with wait, once it is VERIFIED or FAILED, or after 10 minutes with the state it has then (the execution goes on: poll `erasure(id)`).',
    args: { id: t.arg.id({ required: true }), wait: t.arg.boolean({ defaultValue: false }) },
    authScopes: { erase: ALL_PROJECTS },
    resolve: (_root, args, ctx) => erasuresOf(ctx).execute(erasureIdArg(args.id), { wait: args.wait ?? false, timeoutMs: MAX_WAIT_MS }),
  }),
  verifyErasure: t.field({
    type: VerifyErasurePayload,
    description: 'Checks the graph and the storage for anything of the subject left (recorded on the request once it was executed). Needs the audit action on every project.',
    args: { id: t.arg.id({ required: true }) },
    authScopes: { audit: ALL_PROJECTS },
    resolve: async (_root, args, ctx) => {
      const id = erasureIdArg(args.id);
      const verification = await erasuresOf(ctx).verify(id);
      return { erasure: await erasuresOf(ctx).get(id), verification };
    },
  }),
}));
