/**
 * A data subject's footprint: how many record versions, commits, derived files, datums, jobs,
 * model versions and decisions reach the subject, live or historical, with a page of each.
 * Reading it needs the `audit` action (roles auditor, compliance, admin): on the project asked
 * about, or on every project when none is named.
 */
import type {
  FootprintCounts,
  FootprintDatum,
  FootprintDecision,
  FootprintFile,
  FootprintJob,
  FootprintModelVersion,
  FootprintRecord,
  SubjectFootprint,
} from '../../compliance/erasure/index.js';
import { ALL_PROJECTS } from '../../graph-schema/auth/index.js';
import { needs } from './auth-scopes.js';
import type { ObjectRef } from '@pothos/core';
import { builder } from './builder.js';
import { arrayPage, type ConnectionArgs } from './connection-page.js';
import { erasuresOf } from './erasure-nodes.js';
import { totalCountOf } from './pfs-nodes.js';

export const FootprintCountsType = builder.objectRef<FootprintCounts>('FootprintCounts').implement({
  description: 'How many nodes of each kind reach a subject.',
  fields: (t) => ({
    records: t.exposeInt('records', { description: 'Record file versions tagged with the subject, live or historical.' }),
    liveRecords: t.exposeInt('liveRecords', { description: "Of those, the ones in a branch head's tree." }),
    historicalRecords: t.exposeInt('historicalRecords', { description: 'Of those, the ones only old commits hold.' }),
    repos: t.exposeInt('repos', { description: "Repos holding the subject's records." }),
    commits: t.exposeInt('commits', { description: "Commits whose tree holds the subject's records." }),
    derivedFiles: t.exposeInt('derivedFiles', { description: 'File versions computed from the records, downstream (datum outputs, model files).' }),
    datums: t.exposeInt('datums'),
    jobs: t.exposeInt('jobs'),
    modelVersions: t.exposeInt('modelVersions'),
    decisions: t.exposeInt('decisions'),
  }),
});

const FootprintFileVersionType = builder.interfaceRef<FootprintFile>('FootprintFileVersion').implement({
  description: "A file version of a subject's footprint: a record, or a file computed from records.",
  resolveType: (f) => ('commitIds' in f ? 'FootprintRecord' : 'FootprintFile'),
  fields: (t) => ({
    fileVersionId: t.exposeString('fileVersionId'),
    repo: t.exposeString('repoId', { description: '`project/repo`' }),
    path: t.exposeString('path'),
    hash: t.exposeString('hash'),
    live: t.exposeBoolean('live', { description: "In a branch head's tree now." }),
  }),
});

const FootprintRecordType = builder.objectRef<FootprintRecord>('FootprintRecord').implement({
  description: 'A version of a record file tagged with the subject.',
  interfaces: [FootprintFileVersionType],
  fields: (t) => ({
    commitIds: t.exposeStringList('commitIds', { description: 'Commits whose tree holds this version (bounded).' }),
  }),
});

const FootprintFileType = builder.objectRef<FootprintFile>('FootprintFile').implement({
  description: "A file version computed from the subject's records.",
  interfaces: [FootprintFileVersionType],
  fields: () => ({}),
});

const FootprintDatumType = builder.objectRef<FootprintDatum>('FootprintDatum').implement({
  description: "A datum that read the subject's records, or files computed from them.",
  fields: (t) => ({
    id: t.exposeString('id', { description: '`<job id>.<datum key>`' }),
    jobId: t.exposeString('jobId'),
    datumKey: t.exposeString('datumKey'),
    state: t.exposeString('state'),
    pipeline: t.exposeString('pipelineId', { nullable: true, description: '`project/name` of the pipeline that ran it.' }),
  }),
});

const FootprintJobType = builder.objectRef<FootprintJob>('FootprintJob').implement({
  description: 'A job with a datum of the footprint.',
  fields: (t) => ({
    id: t.exposeString('id'),
    pipeline: t.exposeString('pipelineId', { nullable: true, description: '`project/name`' }),
    commitSet: t.exposeString('commitSet', { nullable: true }),
    state: t.exposeString('state'),
  }),
});

const FootprintModelVersionType = builder.objectRef<FootprintModelVersion>('FootprintModelVersion').implement({
  description: "A model version whose training read the subject's records.",
  fields: (t) => ({
    id: t.exposeString('id', { description: '`project/name@<commit id>`' }),
    model: t.exposeString('modelId', { description: '`project/name`' }),
    version: t.exposeInt('version'),
    state: t.exposeString('state', { description: '`current` or `superseded`.' }),
    supersededByErasure: t.exposeString('supersededByErasure', { nullable: true, description: 'The erasure that superseded it, if one did.' }),
  }),
});

const FootprintDecisionType = builder.objectRef<FootprintDecision>('FootprintDecision').implement({
  description: 'A decision about the subject.',
  fields: (t) => ({
    id: t.exposeString('id'),
    modelVersion: t.exposeString('modelVersionId', { nullable: true }),
    madeAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.madeAt }),
    flagged: t.exposeBoolean('flagged'),
    flaggedByErasure: t.exposeString('flaggedByErasure', { nullable: true }),
  }),
});

const totalCount = { description: 'How many the subject has of this kind (the page lists at most `limit`).', nullable: true } as const;

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** `<Name>Connection` of one kind, its `totalCount` the whole count of that kind. */
function footprintConnection<T extends object>(name: string, type: ObjectRef<Types, T>) {
  return builder.connectionObject({ type, name: `${name}Connection`, fields: (t) => ({ totalCount: t.int({ ...totalCount, resolve: totalCountOf }) }) }, { name: `${name}Edge` });
}

const RecordConnection = footprintConnection('FootprintRecord', FootprintRecordType);
const FileConnection = footprintConnection('FootprintFile', FootprintFileType);
const DatumConnection = footprintConnection('FootprintDatum', FootprintDatumType);
const JobConnection = footprintConnection('FootprintJob', FootprintJobType);
const ModelVersionConnection = footprintConnection('FootprintModelVersion', FootprintModelVersionType);
const DecisionConnection = footprintConnection('FootprintDecision', FootprintDecisionType);

/** A page of one of the footprint's bounded lists, with the whole count of its kind. */
const page = <T extends object>(args: ConnectionArgs, items: readonly T[], count: number) => ({ ...arrayPage(args, items), totalCount: count });

const SubjectFootprintType = builder.objectRef<SubjectFootprint>('SubjectFootprint').implement({
  description: 'Everything that reaches a data subject, live or historical: counts per kind, and a page of each kind (each list holds at most `limit`).',
  fields: (t) => ({
    subjectId: t.exposeString('subjectId'),
    counts: t.field({ type: FootprintCountsType, resolve: (f) => f.counts }),
    records: t.connection({ type: FootprintRecordType, resolve: (f, args) => page(args, f.records, f.counts.records) }, RecordConnection),
    derivedFiles: t.connection({ type: FootprintFileType, resolve: (f, args) => page(args, f.derivedFiles, f.counts.derivedFiles) }, FileConnection),
    datums: t.connection({ type: FootprintDatumType, resolve: (f, args) => page(args, f.datums, f.counts.datums) }, DatumConnection),
    jobs: t.connection({ type: FootprintJobType, resolve: (f, args) => page(args, f.jobs, f.counts.jobs) }, JobConnection),
    modelVersions: t.connection({ type: FootprintModelVersionType, resolve: (f, args) => page(args, f.modelVersions, f.counts.modelVersions) }, ModelVersionConnection),
    decisions: t.connection({ type: FootprintDecisionType, resolve: (f, args) => page(args, f.decisions, f.counts.decisions) }, DecisionConnection),
    limit: t.exposeInt('limit', { description: 'The most items each list holds.' }),
    truncated: t.exposeBoolean('truncated', { description: 'True when some list holds fewer items than its count.' }),
    computedAt: t.field({ type: 'DateTime', resolve: (f) => f.computedAt }),
  }),
});

builder.queryField('subjectFootprint', (t) =>
  t.field({
    type: SubjectFootprintType,
    description: "Every record version tagged with the subject, in every repo and commit, and every file, datum, job, model version and decision reachable from them. Needs the audit action: on `project`, or on every project when it is absent.",
    args: {
      subjectId: t.arg.string({ required: true }),
      project: t.arg.string({ description: "Only this project's repos, pipelines and models." }),
      limit: t.arg.int({ defaultValue: 100, description: 'Items per list (at most 1,000).' }),
    },
    authScopes: needs((args) => [['audit', args.project ?? ALL_PROJECTS]]),
    resolve: (_root, args, ctx) =>
      erasuresOf(ctx).footprint(args.subjectId, { ...(args.project != null ? { project: args.project } : {}), ...(args.limit != null ? { limit: args.limit } : {}) }),
  }),
);
