/**
 * The small part of the lineage benchmark's graph: project, repos, branches, commits, the two
 * pipelines with their versions, jobs and the model, with the properties the real write
 * path gives them (graph-schema/pfs, graph-schema/pipelines).
 */
import { parsePipelineSpec } from '../../pipelines/spec/parse-pipeline-spec.js';
import { inputRepos } from '../../pipelines/spec/input-repos.js';
import { specHash } from '../../pipelines/spec/spec-hash.js';
import { repoId } from '../../graph-schema/pfs/pfs-records.js';
import { BENCH_PROJECT, MODEL_NAME, MODEL_PATH, ids, planDescription, recordsUpTo, roundTime, type BenchRepo, type LineageGraphSizes } from './lineage-graph-plan.js';

type Props = Record<string, unknown>;
export interface Node {
  id: string;
  props: Props;
}
export interface Edge {
  from: string;
  to: string;
}

export interface LineageGraphSkeleton {
  project: Props;
  repos: (Node & { kind: string })[];
  branches: (Node & { repoId: string; head: string })[];
  commits: (Node & { repoId: string })[];
  parents: Edge[];
  provenance: Edge[];
  pipelines: (Node & { version: Props; reads: string[] })[];
  jobs: (Node & { pipelineVersionId: string; inputCommit: string; outputCommit: string })[];
  model: Props;
}

export type BenchPipeline = 'features' | 'train';
const OUTPUT_OF: Record<BenchRepo, BenchPipeline | null> = { applicants: null, features: 'features', train: 'train' };
const INPUT_OF: Record<BenchPipeline, BenchRepo> = { features: 'applicants', train: 'features' };
const ROUND_HOURS: Record<BenchRepo, number> = { applicants: 0, features: 1, train: 2 };

/** The normalised spec of a bench pipeline, as `stemma create pipeline` stores it. */
export function benchSpec(name: BenchPipeline) {
  const raw =
    name === 'features'
      ? { pipeline: { name, project: BENCH_PROJECT }, input: { pfs: { repo: 'applicants', glob: '/applicants/*' } }, transform: { image: 'stemma/credit-features:1.4', cmd: ['python3', '/app/features.py'] } }
      : {
          pipeline: { name, project: BENCH_PROJECT },
          input: { pfs: { repo: 'features', glob: '/' } },
          transform: { image: 'stemma/credit-train:2.0', cmd: ['python3', '/app/train.py', '--sample'] },
          model: { name: MODEL_NAME, path: MODEL_PATH },
        };
  return parsePipelineSpec(JSON.stringify(raw), 'json').spec;
}

export function lineageGraphSkeleton(sizes: LineageGraphSizes): LineageGraphSkeleton {
  const rounds = Array.from({ length: sizes.commits }, (_, k) => k);
  const repoNames = Object.keys(OUTPUT_OF) as BenchRepo[];
  const last = sizes.commits - 1;
  return {
    project: { id: BENCH_PROJECT, name: BENCH_PROJECT, description: planDescription(sizes), createdAt: roundTime(0, -1) },
    repos: repoNames.map((repo) => ({
      id: ids.repo(repo),
      kind: OUTPUT_OF[repo] ? 'pipeline' : 'user',
      props: { id: ids.repo(repo), project: BENCH_PROJECT, name: repo, description: OUTPUT_OF[repo] ? `output of pipeline ${repo}` : 'loan applications, one record per applicant', kind: OUTPUT_OF[repo] ? 'pipeline' : 'user', createdAt: roundTime(0, -1) },
    })),
    branches: repoNames.map((repo) => ({
      id: ids.branch(repo),
      repoId: ids.repo(repo),
      head: ids.commit(repo, last),
      props: { id: ids.branch(repo), repoId: ids.repo(repo), name: 'master', createdAt: roundTime(0, -1), head: ids.commit(repo, last) },
    })),
    commits: repoNames.flatMap((repo) => rounds.map((k) => commitNode(sizes, repo, k))),
    parents: repoNames.flatMap((repo) => rounds.slice(1).map((k) => ({ from: ids.commit(repo, k - 1), to: ids.commit(repo, k) }))),
    provenance: rounds.flatMap((k) => [
      { from: ids.commit('applicants', k), to: ids.commit('features', k) },
      { from: ids.commit('features', k), to: ids.commit('train', k) },
    ]),
    pipelines: (['features', 'train'] as const).map((name) => pipelineNode(name)),
    jobs: (['features', 'train'] as const).flatMap((name) => rounds.map((k) => jobNode(sizes, name, k))),
    model: { id: ids.model(), project: BENCH_PROJECT, name: MODEL_NAME, path: MODEL_PATH, createdAt: roundTime(0, 3) },
  };
}

function commitNode(sizes: LineageGraphSizes, repo: BenchRepo, k: number): Node & { repoId: string } {
  const id = ids.commit(repo, k);
  const fileCount = repo === 'train' ? 3 : recordsUpTo(sizes, k);
  const pipeline = OUTPUT_OF[repo];
  return {
    id,
    repoId: ids.repo(repo),
    props: {
      id,
      repoId: ids.repo(repo),
      branch: 'master',
      parentId: k > 0 ? ids.commit(repo, k - 1) : null,
      origin: pipeline ? 'pipeline' : 'user',
      state: 'finished',
      commitSet: ids.commitSet(k),
      description: pipeline ? `output of job ${ids.job(pipeline, k)}` : `applications of day ${k + 1}`,
      manifest: null,
      fileCount,
      sizeBytes: fileCount * (repo === 'train' ? 4_000_000 : 200),
      createdAt: roundTime(k, ROUND_HOURS[repo]),
      finishedAt: roundTime(k, ROUND_HOURS[repo] + 0.5),
    },
  };
}

function pipelineNode(name: BenchPipeline): Node & { version: Props; reads: string[] } {
  const spec = benchSpec(name);
  const id = ids.pipeline(name);
  const reads = [...new Set(inputRepos(spec).map((r) => repoId(r.project, r.repo)))];
  return {
    id,
    reads,
    props: { id, project: BENCH_PROJECT, name, createdAt: roundTime(0, -1), updatedAt: roundTime(0, -1), deleted: false },
    version: {
      id: ids.pipelineVersion(name),
      pipelineId: id,
      version: 1,
      specHash: specHash(spec),
      spec: JSON.stringify(spec),
      image: spec.transform.image ?? null,
      cmd: spec.transform.cmd,
      reprocess: false,
      inputRepoIds: reads,
      outputRepoId: repoId(BENCH_PROJECT, name),
      createdAt: roundTime(0, -1),
    },
  };
}

function jobNode(sizes: LineageGraphSizes, name: BenchPipeline, k: number) {
  const id = ids.job(name, k);
  const input = INPUT_OF[name];
  const datums = name === 'train' ? 1 : recordsUpTo(sizes, k) - (k > 0 ? recordsUpTo(sizes, k - 1) : 0);
  const hours = ROUND_HOURS[name];
  return {
    id,
    pipelineVersionId: ids.pipelineVersion(name),
    inputCommit: ids.commit(input, k),
    outputCommit: ids.commit(name, k),
    props: {
      id,
      pipelineId: ids.pipeline(name),
      pipelineVersionId: ids.pipelineVersion(name),
      pipelineVersion: 1,
      commitSet: ids.commitSet(k),
      state: 'success',
      inputs: JSON.stringify([{ project: BENCH_PROJECT, repo: input, branch: 'master', commitId: ids.commit(input, k) }]),
      error: null,
      createdAt: roundTime(k, hours - 0.9),
      startedAt: roundTime(k, hours - 0.8),
      finishedAt: roundTime(k, hours + 0.5),
      total: datums,
      processed: datums,
      skipped: 0,
      failed: 0,
      recovered: 0,
      batches: Math.ceil(datums / 100),
      parentJobId: k > 0 ? ids.job(name, k - 1) : null,
      outputCommitId: ids.commit(name, k),
      recordedAt: roundTime(k, hours + 0.4),
    },
  };
}
