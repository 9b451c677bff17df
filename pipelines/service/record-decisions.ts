/**
 * Records the decisions a pipeline wrote (the spec's `decisions: {path, model}`): the
 * `*.json` / `*.jsonl` files under `path` that the job's datums that ran wrote, one decision
 * per line, each linked to the datum that wrote it and recorded against the version of the
 * model that datum read (else the version the job's other datums read, else the model's
 * current version). Ids come from (datum, file, line), so finishing a job again records
 * nothing twice. A malformed line, or a model with no version, fails the job, naming it.
 */
import { FailedPreconditionError } from '../../core/errors.js';
import { chunks } from '../../graph-schema/pipelines/datum-rows.js';
import { pipelineDecisionId, type DecisionFile, type NewDecision } from '../../graph-schema/decisions/index.js';
import type { CommitRecord } from '../../graph-schema/pfs/index.js';
import { modelId, type JobRecord, type ModelVersionRecord } from '../../graph-schema/pipelines/index.js';
import { readAllBytes } from '../../pfs/object-store/object-body.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import { parseDecisionLines, type DecisionLine } from './decision-lines.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** Decisions per transaction. */
const RECORD_BATCH = 5_000;
const READ_CONCURRENCY = 16;

type FileDecisions = { file: DecisionFile; lines: DecisionLine[] };

/** Records the decisions of `job` (whose output commit is `commit`); returns how many it read. */
export async function recordPipelineDecisions(deps: PipelineDeps, spec: PipelineSpec, job: JobRecord, commit: CommitRecord): Promise<number> {
  const wanted = spec.decisions;
  if (!wanted) return 0;
  const files = await deps.decisions.decisionFilesOfJob(job.id, wanted.path);
  const read = await readDecisionFiles(deps, commit, files);
  const count = read.reduce((n, f) => n + f.lines.length, 0);
  if (count === 0) return 0;
  const model = wanted.model.includes('/') ? wanted.model : modelId(spec.pipeline.project, wanted.model);
  const versions = await modelVersionsOf(deps, model, [...new Set(read.map((f) => f.file.datumId))]);
  const madeAt = new Date().toISOString();
  const rows = read.flatMap(({ file, lines }) =>
    lines.map(
      ({ line, entry }): NewDecision => ({
        id: pipelineDecisionId(file.datumId, file.path, line),
        modelVersionId: versions(file.datumId).id,
        ...entry,
        madeAt: entry.madeAt ?? madeAt,
        source: 'pipeline',
        datumId: file.datumId,
      }),
    ),
  );
  for (const batch of chunks(rows, RECORD_BATCH)) await deps.decisions.recordBatch(batch);
  deps.logger.info({ jobId: job.id, decisions: rows.length, files: files.length }, 'decisions recorded');
  return rows.length;
}

/** Reads and parses every decision file from the output commit; the first bad line throws. */
async function readDecisionFiles(deps: PipelineDeps, commit: CommitRecord, files: DecisionFile[]): Promise<FileDecisions[]> {
  const { trees, content } = deps.pfs.deps;
  const out: FileDecisions[] = [];
  for (const slice of chunks(files, READ_CONCURRENCY)) {
    const parsed = await Promise.all(
      slice.map(async (file) => {
        const entry = await trees.lookup(commit.manifest, file.path);
        if (!entry) return { file, lines: [] };
        const text = (await readAllBytes(await content.read(entry.ref))).toString('utf8');
        return { file, lines: parseDecisionLines(text, `${file.repoId}:${file.path}`) };
      }),
    );
    out.push(...parsed);
  }
  return out;
}

/** Which version of the model each datum's decisions were made by. */
async function modelVersionsOf(deps: PipelineDeps, model: string, datumIds: string[]): Promise<(datumId: string) => ModelVersionRecord> {
  const read = await deps.decisions.modelVersionsReadBy(model, datumIds);
  const newestRead = [...read.values()].sort((a, b) => b.version - a.version)[0];
  const fallback = newestRead ?? (await deps.decisions.currentModelVersion(model));
  if (!fallback && datumIds.some((id) => !read.has(id))) {
    throw new FailedPreconditionError(
      `decisions.model ${model} has no version: its training pipeline has not made one yet, and no datum read its files`,
      { model },
    );
  }
  return (datumId) => read.get(datumId) ?? fallback!;
}
