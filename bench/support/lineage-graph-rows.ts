/**
 * The rows of the large parts of the lineage benchmark's graph, one function per kind, each
 * computed from an index alone: records with their subjects, feature datums with their
 * output files, a training round, and decisions.
 */
import { datumNodeId } from '../../graph-schema/pipelines/pipeline-records.js';
import { datumHash, datumId } from '../../pipelines/datums/datum-identity.js';
import type { DatumInput, FileEntry } from '../../pipelines/datums/datum-types.js';
import { modelContentHash } from '../../pipelines/service/record-model-version.js';
import { specHash } from '../../pipelines/spec/spec-hash.js';
import {
  BENCH_PROJECT,
  MODEL_FILES,
  MODEL_PATH,
  commitOfRecord,
  ids,
  modelVersionOfDecision,
  roundTime,
  subjectOfDecision,
  trainingSlice,
  type LineageGraphSizes,
} from './lineage-graph-plan.js';
import { benchSpec } from './lineage-graph-skeleton.js';

type Props = Record<string, unknown>;

export interface RecordRow {
  subjectId: string;
  commitId: string;
  file: Props;
}

export interface FeatureRow {
  jobId: string;
  commitId: string;
  inputId: string;
  datum: Props;
  output: Props;
}

export interface TrainingRound {
  jobId: string;
  commitId: string;
  previousVersionId: string | null;
  datum: Props;
  inputIds: string[];
  files: Props[];
  version: Props;
}

export interface DecisionRow {
  modelVersionId: string;
  subjectId: string;
  decision: Props;
}

const recordSize = (r: number) => 160 + (r % 64);
const featureSize = (r: number) => 90 + (r % 32);
const specHashes = { features: '', train: '' };
const specHashOf = (name: 'features' | 'train') => (specHashes[name] ||= specHash(benchSpec(name)));

function fileVersion(id: string, repoId: string, path: string, hash: string, size: number, subjects: string[] = []): Props {
  return { id, repoId, path, hash, size, subjects };
}

function datumInput(name: string, repo: string, commit: string, glob: string, root: string, files: FileEntry[]): DatumInput {
  return { name, project: BENCH_PROJECT, repo, branch: 'master', commit, glob, root, files, outerJoin: false, emptyFiles: false, lazy: false };
}

function datumProps(jobId: string, input: DatumInput, hashSpec: string, durationMs: number): Props {
  const datumKey = datumId([input]);
  return { id: datumNodeId(jobId, datumKey), datumKey, hash: datumHash([input], { specHash: hashSpec }), state: 'success', jobId, sourceJobId: jobId, attempts: 1, durationMs, error: null };
}

export function recordRow(sizes: LineageGraphSizes, r: number): RecordRow {
  const subjectId = ids.subject(r);
  return {
    subjectId,
    commitId: ids.commit('applicants', commitOfRecord(sizes, r)),
    file: fileVersion(ids.record(r), ids.repo('applicants'), ids.recordPath(r), ids.recordHash(r), recordSize(r), [subjectId]),
  };
}

export function featureRow(sizes: LineageGraphSizes, r: number): FeatureRow {
  const k = commitOfRecord(sizes, r);
  const jobId = ids.job('features', k);
  const file = { path: ids.recordPath(r), hash: ids.recordHash(r), size: recordSize(r) };
  const input = datumInput('applicants', 'applicants', ids.commit('applicants', k), '/applicants/*', file.path, [file]);
  return {
    jobId,
    commitId: ids.commit('features', k),
    inputId: ids.record(r),
    datum: datumProps(jobId, input, specHashOf('features'), 40 + (r % 50)),
    output: fileVersion(ids.feature(r), ids.repo('features'), ids.featurePath(r), ids.featureHash(r), featureSize(r)),
  };
}

export function trainingRound(sizes: LineageGraphSizes, k: number): TrainingRound {
  const jobId = ids.job('train', k);
  const slice = trainingSlice(sizes, k);
  const files: FileEntry[] = slice.map((r) => ({ path: ids.featurePath(r), hash: ids.featureHash(r), size: featureSize(r) }));
  const input = datumInput('features', 'features', ids.commit('features', k), '/', '/', files);
  const modelFiles = MODEL_FILES.map((path) => fileVersion(ids.modelFile(k, path), ids.repo('train'), path, ids.modelFileHash(k, path), path.endsWith('.bin') ? 4_000_000 : 800));
  const last = k === sizes.commits - 1;
  return {
    jobId,
    commitId: ids.commit('train', k),
    previousVersionId: k > 0 ? ids.modelVersion(k - 1) : null,
    datum: datumProps(jobId, input, specHashOf('train'), 600_000 + k * 60_000),
    inputIds: slice.map((r) => ids.feature(r)),
    files: modelFiles,
    version: {
      id: ids.modelVersion(k),
      modelId: ids.model(),
      version: k + 1,
      commitId: ids.commit('train', k),
      jobId,
      path: MODEL_PATH,
      contentHash: modelContentHash(modelFiles.map((f) => ({ path: String(f.path), hash: String(f.hash) }))),
      state: last ? 'current' : 'superseded',
      createdAt: roundTime(k, 3),
      supersededAt: last ? null : roundTime(k + 1, 3),
    },
  };
}

/** Decision i: a credit decision recorded through the API, with the model's score and (mostly) per-feature attributions. */
export function decisionRow(sizes: LineageGraphSizes, i: number): DecisionRow {
  const k = modelVersionOfDecision(sizes, i);
  const subjectId = ids.subject(subjectOfDecision(sizes, i));
  const u = (salt: number) => ((i * 2_654_435_761 + salt * 40_503) >>> 0) / 2 ** 32;
  const income = 18_000 + Math.round(u(1) * 120_000);
  const debtRatio = Math.round(u(2) * 80) / 100;
  const score = Math.round((0.3 + 0.6 * u(3)) * 1000) / 1000;
  const perDecision = (24 * 3_600_000 - 4 * 3_600_000) / Math.ceil(sizes.decisions / sizes.commits);
  const offset = i - Math.ceil((k * sizes.decisions) / sizes.commits);
  return {
    modelVersionId: ids.modelVersion(k),
    subjectId,
    decision: {
      id: ids.decision(i),
      modelVersionId: ids.modelVersion(k),
      subjectId,
      input: JSON.stringify({ income, debtRatio, age: 21 + Math.floor(u(4) * 50), openAccounts: Math.floor(u(5) * 12) }),
      output: JSON.stringify({ approved: score >= 0.55, score }),
      explanation: i % 10 === 9 ? null : JSON.stringify({ income: Math.round((u(6) - 0.3) * 1000) / 1000, debtRatio: -Math.round(u(7) * 500) / 1000, age: Math.round((u(8) - 0.5) * 100) / 1000 }),
      madeAt: new Date(Date.parse(roundTime(k, 4)) + Math.max(0, offset) * perDecision).toISOString(),
      source: 'api',
      flagged: false,
      flaggedByErasure: null,
      datumId: null,
    },
  };
}
