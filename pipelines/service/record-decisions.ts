/**
 * Records the decisions a pipeline wrote (the spec's `decisions: {path, model}`): the
 * `*.json` / `*.jsonl` files under `path` that the job's datums that ran wrote, one decision
 * per line, each linked to the datum that wrote it and recorded against the version of the
 * model that datum read (else the version the job's other datums read, else the model's
 * current version). Ids come from (datum, file, line), so finishing a job again records
 * nothing twice. The decisions are read and checked before the job's output commit is made
 * (`prepareDecisions`) and recorded after it (`recordDecisions`): a malformed line, or a
 * model with no version, fails the job, naming it, and no output commit lands.
 */
import { FailedPreconditionError } from '../../core/errors.js';
import { chunks } from '../../graph-schema/pipelines/datum-rows.js';
import { pipelineDecisionId, type DecisionFile, type NewDecision } from '../../graph-schema/decisions/index.js';
import { modelId, type JobRecord, type ModelVersionRecord } from '../../graph-schema/pipelines/index.js';
import { readAllBytes } from '../../pfs/object-store/object-body.js';
import type { TreeEntry } from '../../pfs/tree-store.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import { parseDecisionLines, type DecisionLine } from './decision-lines.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** Decisions per transaction. */
const RECORD_BATCH = 5_000;
const READ_CONCURRENCY = 16;

type FileDecisions = { file: DecisionFile; lines: DecisionLine[] };

/** The decisions of a job, read and checked, ready to record once its output commit is made. */
export interface PreparedDecisions {
  rows: NewDecision[];
  files: number;
}

/**
 * Reads and checks the decisions of `job`, from the files it puts in its output commit
 * (`puts`). Throws INVALID_ARGUMENT naming the file and line of a malformed decision, and
 * FAILED_PRECONDITION when the model has no version.
 */
export async function prepareDecisions(deps: PipelineDeps, spec: PipelineSpec, job: JobRecord, puts: readonly TreeEntry[]): Promise<PreparedDecisions> {
  const wanted = spec.decisions;
  if (!wanted) return { rows: [], files: 0 };
  const files = await deps.decisions.decisionFilesOfJob(job.id, wanted.path);
  const read = await readDecisionFiles(deps, new Map(puts.map((e) => [e.path, e])), files);
  if (read.every((f) => f.lines.length === 0)) return { rows: [], files: files.length };
  const model = wanted.model.includes('/') ? wanted.model : modelId(spec.pipeline.project, wanted.model);
  const versions = await modelVersionsOf(deps, model, [...new Set(read.filter((f) => f.lines.length > 0).map((f) => f.file.datumId))]);
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
  return { rows, files: files.length };
}

/** Records prepared decisions (after the job's output commit); returns how many. */
export async function recordDecisions(deps: PipelineDeps, job: JobRecord, prepared: PreparedDecisions): Promise<number> {
  if (prepared.rows.length === 0) return 0;
  for (const batch of chunks(prepared.rows, RECORD_BATCH)) await deps.decisions.recordBatch(batch);
  deps.logger.info({ jobId: job.id, decisions: prepared.rows.length, files: prepared.files }, 'decisions recorded');
  return prepared.rows.length;
}

/** Reads and parses every decision file the job puts; the first bad line throws. */
async function readDecisionFiles(deps: PipelineDeps, puts: Map<string, TreeEntry>, files: DecisionFile[]): Promise<FileDecisions[]> {
  const { content } = deps.pfs.deps;
  const out: FileDecisions[] = [];
  for (const slice of chunks(files, READ_CONCURRENCY)) {
    const parsed = await Promise.all(
      slice.map(async (file) => {
        const entry = puts.get(file.path);
        if (!entry || entry.hash !== file.hash) return { file, lines: [] };
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
