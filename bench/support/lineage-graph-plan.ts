/**
 * The plan of the lineage benchmark's graph, in project `bench-lineage`: how big each part
 * is and the id of every node, derived from its index, so that any batch can be built on its
 * own, a stopped build resumes where it stopped, and a complete graph is known by its counts.
 *
 * The story: applicant records are put, one subject each, in `commits` commits to repo
 * `applicants`; pipeline `features` turns each record into a feature file (one datum per
 * record, one job per commit); pipeline `train` trains model `credit-risk` on a sample of the
 * features after each commit (model version k reads `sliceStep * (k + 1)` feature files);
 * decisions are recorded against the model versions through the API, each about a subject.
 */
import { createHash } from 'node:crypto';
import { fileVersionId } from '../../graph-schema/pfs/file-version-graph.js';
import { branchId, repoId } from '../../graph-schema/pfs/pfs-records.js';
import { jobId, modelId, pipelineId, pipelineVersionId } from '../../graph-schema/pipelines/pipeline-records.js';
import { splitFileName } from '../../pfs/split/split-file-name.js';

export const BENCH_PROJECT = 'bench-lineage';

export interface LineageGraphSizes {
  /** Applicant records; as many subjects, feature datums and feature files. */
  records: number;
  /** Commits to `applicants`; each starts one feature job and one training job. */
  commits: number;
  /** Model version k is trained on `sliceStep * (k + 1)` feature files. */
  sliceStep: number;
  decisions: number;
}

export const DEFAULT_SIZES: LineageGraphSizes = { records: 200_000, commits: 10, sliceStep: 1_000, decisions: 200_000 };

export const REPOS = { applicants: 'applicants', features: 'features', train: 'train' } as const;
export type BenchRepo = keyof typeof REPOS;
export const MODEL_NAME = 'credit-risk';
export const MODEL_PATH = '/model';
export const MODEL_FILES = ['/model/config.json', '/model/metrics.json', '/model/weights.bin'] as const;
const FIRST_DAY = Date.UTC(2025, 0, 6);
const HOUR = 3_600_000;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
export const ids = {
  repo: (repo: BenchRepo) => repoId(BENCH_PROJECT, REPOS[repo]),
  branch: (repo: BenchRepo) => branchId(BENCH_PROJECT, REPOS[repo], 'master'),
  /** Commits have the 32-hex form of real commit ids, derived from (repo, k). */
  commit: (repo: BenchRepo, k: number) => sha256(`${BENCH_PROJECT}/${repo}#${k}`).slice(0, 32),
  /** Every commit of round k belongs to the commit set of the applicants commit that started it. */
  commitSet: (k: number) => ids.commit('applicants', k),
  pipeline: (name: 'features' | 'train') => pipelineId(BENCH_PROJECT, name),
  pipelineVersion: (name: 'features' | 'train') => pipelineVersionId(ids.pipeline(name), 1),
  job: (name: 'features' | 'train', k: number) => jobId(ids.pipelineVersion(name), ids.commitSet(k)),
  model: () => modelId(BENCH_PROJECT, MODEL_NAME),
  modelVersion: (k: number) => `${ids.model()}@${ids.commit('train', k)}`,
  subject: (r: number) => `${BENCH_PROJECT}-applicant-${String(r).padStart(7, '0')}`,
  subjectPrefix: () => `${BENCH_PROJECT}-applicant-`,
  recordPath: (r: number) => `/applicants/${splitFileName(r)}`,
  recordHash: (r: number) => sha256(`record ${r}`),
  record: (r: number) => fileVersionId(ids.repo('applicants'), ids.recordPath(r), ids.recordHash(r)),
  featurePath: (r: number) => `/${splitFileName(r)}.json`,
  featureHash: (r: number) => sha256(`features ${r}`),
  feature: (r: number) => fileVersionId(ids.repo('features'), ids.featurePath(r), ids.featureHash(r)),
  modelFileHash: (k: number, path: string) => sha256(`model ${k} ${path}`),
  modelFile: (k: number, path: string) => fileVersionId(ids.repo('train'), path, ids.modelFileHash(k, path)),
  /** Decisions recorded through the API have random UUIDs; these are UUID-shaped and stable. */
  decision: (i: number) => {
    const h = sha256(`${BENCH_PROJECT} decision ${i}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },
};

/** ISO time `hours` after the start of round k (one round a day). */
export function roundTime(k: number, hours = 0): string {
  return new Date(FIRST_DAY + k * 24 * HOUR + hours * HOUR).toISOString();
}

/** The round (commit) that record r was put in; records are spread evenly over the commits. */
export function commitOfRecord(sizes: LineageGraphSizes, r: number): number {
  return Math.floor((r * sizes.commits) / sizes.records);
}

/** Records put in rounds 0..k. */
export function recordsUpTo(sizes: LineageGraphSizes, k: number): number {
  return Math.ceil(((k + 1) * sizes.records) / sizes.commits);
}

/** How many feature files model version k is trained on. */
export function trainingSliceSize(sizes: LineageGraphSizes, k: number): number {
  return sizes.sliceStep * (k + 1);
}

/** The feature files model version k is trained on: evenly strided over those that exist by round k. */
export function trainingSlice(sizes: LineageGraphSizes, k: number): number[] {
  const size = trainingSliceSize(sizes, k);
  const stride = Math.floor(recordsUpTo(sizes, k) / size);
  return Array.from({ length: size }, (_, i) => i * stride + (k % stride));
}

/** The model version decision i was made with: decisions are spread evenly over the versions. */
export function modelVersionOfDecision(sizes: LineageGraphSizes, i: number): number {
  return Math.floor((i * sizes.commits) / sizes.decisions);
}

/** The subject decision i is about: a fixed permutation of the subjects (each once when decisions = records). */
export function subjectOfDecision(sizes: LineageGraphSizes, i: number): number {
  return (i * 7_919 + 13) % sizes.records;
}

/** Refuses sizes that cannot make the graph described above. */
export function checkSizes(sizes: LineageGraphSizes): void {
  const positive = Object.entries(sizes).filter(([, v]) => !Number.isSafeInteger(v) || v < 1);
  if (positive.length > 0) throw new Error(`lineage graph sizes must be positive integers: ${positive.map(([k]) => k).join(', ')}`);
  if (sizes.records < sizes.commits) throw new Error(`records (${sizes.records}) must be at least commits (${sizes.commits})`);
  if (sizes.records % 7_919 === 0) throw new Error('records must not be a multiple of 7919 (the decision permutation)');
  for (let k = 0; k < sizes.commits; k++) {
    if (trainingSliceSize(sizes, k) > recordsUpTo(sizes, k)) {
      throw new Error(`model version ${k} would train on ${trainingSliceSize(sizes, k)} feature files but only ${recordsUpTo(sizes, k)} exist by then: lower sliceStep`);
    }
  }
}

/** Nodes per label in a complete graph. */
export function plannedNodes(sizes: LineageGraphSizes): Record<string, number> {
  const c = sizes.commits;
  return {
    Project: 1,
    Repo: 3,
    Branch: 3,
    Commit: 3 * c,
    Pipeline: 2,
    PipelineVersion: 2,
    Job: 2 * c,
    Datum: sizes.records + c,
    FileVersion: 2 * sizes.records + MODEL_FILES.length * c,
    Subject: sizes.records,
    Model: 1,
    ModelVersion: c,
    Decision: sizes.decisions,
  };
}

/** Relationships per type in a complete graph. */
export function plannedRelationships(sizes: LineageGraphSizes): Record<string, number> {
  const c = sizes.commits;
  const slices = Array.from({ length: c }, (_, k) => trainingSliceSize(sizes, k)).reduce((a, b) => a + b, 0);
  const files = MODEL_FILES.length * c;
  return {
    IN_PROJECT: 3,
    IN_REPO: 3 + 3 * c,
    HEAD: 3,
    PARENT: 3 * (c - 1),
    PROVENANCE: 2 * c,
    CURRENT: 2,
    VERSION_OF: 2 + c,
    READS: 2,
    RAN: 2 * c,
    INPUT_OF: 2 * c + sizes.records + slices,
    OUTPUT_COMMIT: 2 * c,
    OF_JOB: sizes.records + c,
    PRODUCED: sizes.records + files,
    IN_COMMIT: 2 * sizes.records + files + c,
    SUBJECT_OF: sizes.records,
    TRAINED_BY: c,
    HAS_FILE: files,
    SUPERSEDED_BY: c - 1,
    MADE_BY: sizes.decisions,
    ABOUT: sizes.decisions,
  };
}

/** The plan's one-line summary, kept on the Project node so a build with other sizes is noticed. */
export function planDescription(sizes: LineageGraphSizes): string {
  return `lineage benchmark graph: ${sizes.records} records in ${sizes.commits} commits, training slices of ${sizes.sliceStep} x k feature files, ${sizes.decisions} decisions`;
}
