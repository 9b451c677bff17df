/**
 * What an erasure request carries, as GraphQL objects: the dry-run plan, the steps done so
 * far, what the execution changed, the verification and the certificate. They mirror the
 * records of `compliance/erasure`; ids of commits, jobs and model versions are plain strings,
 * since an erasure outlives some of what it names.
 */
import type {
  ErasureCertificateRef,
  ErasureExecution,
  ErasurePlan,
  ErasureStepRecord,
  ErasureVerification,
  PlannedDeletionCommit,
  PlannedReprocessing,
  PlannedRetraining,
  RemainingItem,
} from '../../compliance/erasure/index.js';
import { builder } from './builder.js';
import { ErasureStepEnum } from './erasure-nodes.js';
import { FootprintCountsType } from './footprint.js';

type ShredPlan = ErasurePlan['shred'];
type DecisionPlan = ErasurePlan['decisions'];
type DeletionCommit = ErasureExecution['deletionCommits'][number];
type ReprocessedJob = ErasureExecution['reprocessedJobs'][number];
type SupersededModelVersion = ErasureExecution['supersededModelVersions'][number];

/** A certificate with the erasure it belongs to, for its links. */
export type CertificateShape = ErasureCertificateRef & { erasureId: string };

/** Where the API serves an erasure's certificate. */
export const certificatePath = (erasureId: string, format: 'html' | 'json') => `/reports/erasures/${encodeURIComponent(erasureId)}/certificate.${format}`;

const PlannedDeletionCommitType = builder.objectRef<PlannedDeletionCommit>('PlannedDeletionCommit').implement({
  description: "A commit the execution makes on a branch head that holds the subject's records.",
  fields: (t) => ({
    repo: t.exposeString('repoId', { description: '`project/repo`' }),
    branch: t.exposeString('branch'),
    headCommitId: t.exposeString('headCommitId', { description: 'The head when planned; execution re-checks a head that moved.' }),
    paths: t.exposeStringList('paths', { description: 'The record files it deletes.' }),
  }),
});

const PlannedReprocessingType = builder.objectRef<PlannedReprocessing>('PlannedReprocessing').implement({
  description: "The datums of one pipeline that read the subject's records: only they reprocess.",
  fields: (t) => ({
    pipeline: t.exposeString('pipelineId', { description: '`project/name`' }),
    outputRepo: t.exposeString('outputRepoId', { nullable: true }),
    datumCount: t.exposeInt('datumCount'),
    datumKeys: t.exposeStringList('datumKeys', { description: 'The datum keys (bounded; datumCount is whole).' }),
  }),
});

const PlannedRetrainingType = builder.objectRef<PlannedRetraining>('PlannedRetraining').implement({
  description: 'A model version trained on the records: its pipeline reruns and it is marked superseded by the erasure.',
  fields: (t) => ({
    modelVersionId: t.exposeString('modelVersionId'),
    model: t.exposeString('modelId', { description: '`project/name`' }),
    version: t.exposeInt('version'),
    pipeline: t.exposeString('pipelineId', { nullable: true }),
    trainingJobId: t.exposeString('jobId', { nullable: true }),
  }),
});

const ShredPlanType = builder.objectRef<ShredPlan>('ErasureShredPlan').implement({
  description: "The historical copies made unreadable by destroying the subject's key.",
  fields: (t) => ({
    keyId: t.exposeString('keyId'),
    fileVersionCount: t.exposeInt('fileVersionCount'),
    fileVersionIds: t.exposeStringList('fileVersionIds', { description: 'Bounded; fileVersionCount is whole.' }),
    commitCount: t.exposeInt('commitCount'),
    commitIds: t.exposeStringList('commitIds', { description: 'Bounded; commitCount is whole.' }),
  }),
});

const DecisionPlanType = builder.objectRef<DecisionPlan>('ErasureDecisionPlan').implement({
  description: 'The decisions about the subject that will be flagged.',
  fields: (t) => ({
    count: t.exposeInt('count'),
    ids: t.exposeStringList('ids', { description: 'Bounded; count is whole.' }),
  }),
});

export const ErasurePlanType = builder.objectRef<ErasurePlan>('ErasurePlan').implement({
  description: 'The dry run of an erasure: what it will delete, reprocess, retrain, shred and flag.',
  fields: (t) => ({
    plannedAt: t.field({ type: 'DateTime', resolve: (p) => p.plannedAt }),
    counts: t.field({ type: FootprintCountsType, description: 'The footprint found when planning.', resolve: (p) => p.counts }),
    deletionCommits: t.field({ type: [PlannedDeletionCommitType], resolve: (p) => p.deletionCommits }),
    reprocessing: t.field({ type: [PlannedReprocessingType], description: 'Datums to reprocess, per pipeline.', resolve: (p) => p.reprocessing }),
    retraining: t.field({ type: [PlannedRetrainingType], description: 'Models to retrain.', resolve: (p) => p.retraining }),
    shred: t.field({ type: ShredPlanType, description: 'Historical versions to shred.', resolve: (p) => p.shred }),
    decisions: t.field({ type: DecisionPlanType, description: 'Decisions to flag.', resolve: (p) => p.decisions }),
    truncated: t.exposeBoolean('truncated', { description: 'True when a list was cut at its bound (the counts are whole).' }),
  }),
});

export const ErasureStepRecordType = builder.objectRef<ErasureStepRecord>('ErasureStepRecord').implement({
  description: 'A step of the execution, checkpointed on the request when it ended.',
  fields: (t) => ({
    step: t.field({ type: ErasureStepEnum, resolve: (s) => s.step }),
    state: t.exposeString('state', { description: '`done` or `failed`.' }),
    at: t.field({ type: 'DateTime', resolve: (s) => s.at }),
    summary: t.exposeString('summary', { description: 'What the step did, in one line.' }),
  }),
});

const DeletionCommitType = builder.objectRef<DeletionCommit>('ErasureDeletionCommit').implement({
  fields: (t) => ({
    repo: t.exposeString('repoId'),
    branch: t.exposeString('branch'),
    commitId: t.exposeString('commitId'),
    commitSet: t.exposeString('commitSet'),
    pathCount: t.exposeInt('pathCount'),
  }),
});

const ReprocessedJobType = builder.objectRef<ReprocessedJob>('ErasureReprocessedJob').implement({
  fields: (t) => ({
    jobId: t.exposeString('jobId'),
    pipeline: t.exposeString('pipelineId'),
    state: t.exposeString('state'),
    processed: t.exposeInt('processed'),
    skipped: t.exposeInt('skipped'),
    total: t.exposeInt('total'),
  }),
});

const SupersededModelVersionType = builder.objectRef<SupersededModelVersion>('ErasureSupersededModelVersion').implement({
  fields: (t) => ({
    modelVersionId: t.exposeString('id'),
    model: t.exposeString('modelId'),
    replacedBy: t.exposeString('replacedBy', { nullable: true, description: 'The retrained version, once there is one.' }),
  }),
});

export const ErasureExecutionType = builder.objectRef<ErasureExecution>('ErasureExecution').implement({
  description: 'What the execution changed so far, filled in step by step.',
  fields: (t) => ({
    deletionCommits: t.field({ type: [DeletionCommitType], resolve: (e) => e.deletionCommits }),
    keyDestroyedAt: t.field({ type: 'DateTime', nullable: true, resolve: (e) => e.keyDestroyedAt }),
    reprocessedJobs: t.field({ type: [ReprocessedJobType], resolve: (e) => e.reprocessedJobs }),
    supersededModelVersions: t.field({ type: [SupersededModelVersionType], resolve: (e) => e.supersededModelVersions }),
    flaggedDecisions: t.exposeInt('flaggedDecisions'),
  }),
});

const RemainingItemType = builder.objectRef<RemainingItem>('ErasureRemainingItem').implement({
  description: 'Something that still reaches the subject.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: '`record`, `derived-file`, `model-version`, `readable-object` or `unchecked-object` (a record version the storage check could not read either way).' }),
    id: t.exposeString('id'),
    description: t.exposeString('description'),
  }),
});

const GraphCheckType = builder.objectRef<ErasureVerification['graph']>('ErasureGraphCheck').implement({
  description: 'No branch head, current model version or live output may still reach the subject.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    remaining: t.field({ type: [RemainingItemType], resolve: (g) => g.remaining }),
  }),
});

const StorageCheckType = builder.objectRef<ErasureVerification['storage']>('ErasureStorageCheck').implement({
  description: 'Every historical record version, read with a fresh keyring, must be erased.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked'),
    remaining: t.field({ type: [RemainingItemType], resolve: (s) => s.remaining }),
  }),
});

export const ErasureVerificationType = builder.objectRef<ErasureVerification>('ErasureVerification').implement({
  description: 'The check that nothing of the subject is left, in the graph and in the storage.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    checkedAt: t.field({ type: 'DateTime', resolve: (v) => v.checkedAt }),
    graph: t.field({ type: GraphCheckType, resolve: (v) => v.graph }),
    storage: t.field({ type: StorageCheckType, resolve: (v) => v.storage }),
  }),
});

export const ErasureCertificateType = builder.objectRef<CertificateShape>('ErasureCertificate').implement({
  description: 'The certificate of a verified erasure, served by the API (token with the audit action on every project).',
  fields: (t) => ({
    sha256: t.exposeString('sha256', { description: 'sha256 of the JSON certificate, the argument digest of its audit event.' }),
    htmlPath: t.string({ description: 'The readable page, on this API.', resolve: (c) => certificatePath(c.erasureId, 'html') }),
    jsonPath: t.string({ description: 'The JSON certificate, on this API.', resolve: (c) => certificatePath(c.erasureId, 'json') }),
    auditEventSeq: t.exposeInt('auditEventSeq', { nullable: true, description: 'The seq of its `erasure.certificate` audit event.' }),
    issuedAt: t.field({ type: 'DateTime', resolve: (c) => c.issuedAt }),
  }),
});
