import { createHash } from 'node:crypto';
import { repoId } from '../../graph-schema/pfs/index.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import { modelId, type ModelVersionRecord } from '../../graph-schema/pipelines/index.js';
import type { TreeEntry } from '../../pfs/tree-store.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { PipelineDeps } from './pipeline-deps.js';

/**
 * Records the model version an output commit holds under the spec's `model.path`, trained
 * by the job, as the model's current version (the previous one superseded). An output
 * whose model files did not change adds no version; one without model files adds none.
 */
export async function recordModelVersion(deps: PipelineDeps, spec: PipelineSpec, jobId: string, commit: CommitRecord): Promise<ModelVersionRecord | null> {
  const model = spec.model;
  if (!model) return null;
  const files: TreeEntry[] = [];
  for await (const entry of deps.pfs.deps.trees.list(commit.manifest, { prefix: model.path })) files.push(entry);
  if (files.length === 0) return null;
  const outputRepo = repoId(spec.pipeline.project, spec.pipeline.name);
  const { version, created } = await deps.models.recordVersion({
    modelId: modelId(spec.pipeline.project, model.name),
    project: spec.pipeline.project,
    name: model.name,
    path: model.path,
    commitId: commit.id,
    jobId,
    contentHash: modelContentHash(files),
    files: files.map((f) => ({ repoId: outputRepo, path: f.path, hash: f.hash, size: f.size })),
  });
  // Its training data is settled now: keep the summary explanations read (records, subjects).
  if (created) await deps.decisions.summarizeTraining([version.id]);
  return version;
}

/** sha256 over the model files' sorted (path, content hash) pairs. */
export function modelContentHash(files: readonly { path: string; hash: string }[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) hash.update(`${f.path}\0${f.hash}\n`);
  return hash.digest('hex');
}
