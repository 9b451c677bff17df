/**
 * A model's provenance written straight into the graph (no workers): subject-tagged records
 * in repo `applicants`, a `features` pipeline whose datums each read one record and write
 * one feature file, and a `train` pipeline whose one datum reads every feature file and
 * writes model `scorer` (version 1). For tests of what reads that provenance.
 */
import { randomUUID } from 'node:crypto';
import type { GraphClient } from '../../graph-schema/graph-client.js';
import { createNeo4jCommitGraph, createNeo4jRepoGraph, type CommitRecord } from '../../graph-schema/pfs/index.js';
import {
  createNeo4jDatumGraph,
  createNeo4jJobGraph,
  createNeo4jModelGraph,
  createNeo4jPipelineGraph,
  jobId,
  type FileVersionRef,
  type JobRecord,
  type ModelVersionRecord,
  type PipelineVersionRecord,
} from '../../graph-schema/pipelines/index.js';

export interface PipelineRun {
  version: PipelineVersionRecord;
  job: JobRecord;
  output: CommitRecord;
}

export interface TrainingChain {
  project: string;
  /** `<project>-user-<n>`: records 0 and 2 are user 1's, record 1 user 2's. */
  subject(n: number): string;
  file(repo: string, path: string, hash?: string): FileVersionRef;
  records: CommitRecord;
  features: PipelineRun;
  training: PipelineRun;
  model: ModelVersionRecord;
  /** A pipeline whose one job on `input` runs `rows` (each datum's input and output files). */
  runPipeline(name: string, input: CommitRecord, rows: { key: string; inputs: FileVersionRef[]; outputs: FileVersionRef[] }[]): Promise<PipelineRun>;
  /** A finished commit in `repo` (no branch) introducing `files`. */
  commit(repo: string, files: (FileVersionRef & { subjects?: string[] })[], provenance?: string[]): Promise<CommitRecord>;
  /** Removes the pipelines' CURRENT edges, so no worker reconciles them. */
  close(): Promise<void>;
}

export async function seedTrainingChain(graph: GraphClient, project = `t${randomUUID().slice(0, 8)}`): Promise<TrainingChain> {
  const repos = createNeo4jRepoGraph(graph);
  const commits = createNeo4jCommitGraph(graph);
  const pipelines = createNeo4jPipelineGraph(graph);
  const jobs = createNeo4jJobGraph(graph);
  const datums = createNeo4jDatumGraph(graph);
  const subject = (n: number) => `${project}-user-${n}`;
  const file = (repo: string, path: string, hash = `h-${path}`): FileVersionRef => ({ repoId: `${project}/${repo}`, path, hash, size: 10 });

  const commit: TrainingChain['commit'] = async (repo, files, provenance = []) => {
    const id = randomUUID().replaceAll('-', '');
    return commits.createFinishedCommit(
      { id, repoId: `${project}/${repo}`, branchId: null, branch: null, parentId: null, origin: provenance.length ? 'pipeline' : 'user', commitSet: id, description: '', provenance },
      { manifest: null, fileCount: files.length, sizeBytes: 0, fileVersions: files },
    );
  };

  const runPipeline: TrainingChain['runPipeline'] = async (name, input, rows) => {
    await repos.createRepo({ project, name, kind: 'pipeline', ifNotExists: true });
    const version = await pipelines.createVersion({
      project,
      name,
      specHash: `spec-${name}`,
      spec: '{}',
      image: `stemma/${name}:1`,
      cmd: ['python3', `${name}.py`],
      reprocess: false,
      inputRepoIds: [input.repoId],
      outputRepoId: `${project}/${name}`,
    });
    const set = randomUUID().replaceAll('-', '');
    const { job } = await jobs.createJob({
      id: jobId(version.id, set),
      pipelineId: version.pipelineId,
      pipelineVersionId: version.id,
      pipelineVersion: version.version,
      commitSet: set,
      state: 'created',
      inputs: [{ project, repo: input.repoId.split('/')[1]!, branch: 'master', commitId: input.id }],
    });
    await jobs.startJob(job.id, { total: rows.length, batches: 1, parentJobId: null, skipped: [] });
    const after = await datums.recordResults(
      job.id,
      rows.map((r) => ({ datumKey: r.key, hash: `dh-${r.key}`, state: 'success' as const, attempts: 1, durationMs: 1, error: null, inputs: r.inputs, outputs: r.outputs })),
    );
    const output = await commit(name, rows.flatMap((r) => r.outputs), [input.id]);
    return { version, job: after, output };
  };

  await repos.createRepo({ project, name: 'applicants' });
  const tagged = [1, 2, 1].map((n, i) => ({ ...file('applicants', `/applicants.csv/${String(i).padStart(16, '0')}`), subjects: [subject(n)] }));
  const records = await commit('applicants', [...tagged, file('applicants', '/readme.txt')]);
  const features = await runPipeline('features', records, tagged.map((r, i) => ({ key: `f${i}`, inputs: [r], outputs: [file('features', `/f${i}.json`)] })));
  const featureFiles = [0, 1, 2].map((i) => file('features', `/f${i}.json`));
  const training = await runPipeline('train', features.output, [{ key: 'all', inputs: featureFiles, outputs: [file('train', '/model/weights.bin')] }]);
  const { version: model } = await createNeo4jModelGraph(graph).recordVersion({
    modelId: `${project}/scorer`,
    project,
    name: 'scorer',
    path: '/model',
    commitId: training.output.id,
    jobId: training.job.id,
    contentHash: 'c1',
    files: [file('train', '/model/weights.bin')],
  });

  return {
    project,
    subject,
    file,
    records,
    features,
    training,
    model,
    runPipeline,
    commit,
    async close() {
      for (const p of await pipelines.listPipelines(project)) await pipelines.markDeleted(project, p.name);
    },
  };
}
