/**
 * Pipelines, jobs, datums and models as the CLI shows them, read from GraphQL: the fields
 * each query selects, and the mapping from the GraphQL shape (nested nodes, upper-case enums)
 * to flat records (`pipeline: 'project/name'`, `state: 'running'`), one shape for `--json`.
 */
export interface JobProgressView {
  total: number;
  processed: number;
  skipped: number;
  failed: number;
  recovered: number;
}

export interface JobView {
  id: string;
  /** `project/name` */
  pipeline: string;
  commitSet: string;
  state: string;
  progress: JobProgressView;
  inputs: { repo: string; branch: string; commit: string | null }[];
  outputCommit: string | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface PipelineView {
  project: string;
  name: string;
  description: string;
  version: number;
  specHash: string;
  image: string | null;
  cmd: string[];
  inputRepos: string[];
  outputRepo: string | null;
  model: string | null;
  createdAt: string;
  updatedAt: string;
  lastJob: { id: string; state: string; createdAt: string } | null;
}

export interface DatumView {
  jobId: string;
  datumKey: string;
  hash: string;
  state: string;
  attempts: number;
  durationMs: number;
  error: string | null;
  /** The job that ran it (another job for a skipped datum). */
  sourceJobId: string;
}

export interface FileVersionView {
  repo: string;
  path: string;
  hash: string;
  size: number;
}

export const JOB_FIELDS =
  'jobId project pipelineName commitSet state progress { total processed skipped failed recovered } inputCommits { project repo branch commit { id } } outputCommit { id } error createdAt startedAt finishedAt';
export const PIPELINE_FIELDS =
  'name project { name } description createdAt updatedAt currentVersion { version specHash image cmd inputRepos } outputRepo { name } model { name } lastJob { jobId state createdAt }';
export const DATUM_FIELDS = 'datumKey hash state attempts durationMs error job { jobId } sourceJob { jobId }';
export const FILE_VERSION_FIELDS = 'repo path hash size';

export interface JobNode {
  jobId: string;
  project: string;
  pipelineName: string;
  commitSet: string;
  state: string;
  progress: JobProgressView;
  inputCommits: { project: string; repo: string; branch: string; commit: { id: string } | null }[];
  outputCommit: { id: string } | null;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface PipelineNode {
  name: string;
  project: { name: string };
  description: string;
  createdAt: string;
  updatedAt: string;
  currentVersion: { version: number; specHash: string; image: string | null; cmd: string[]; inputRepos: string[] };
  outputRepo: { name: string } | null;
  model: { name: string } | null;
  lastJob: { jobId: string; state: string; createdAt: string } | null;
}

export interface DatumNode {
  datumKey: string;
  hash: string;
  state: string;
  attempts: number;
  durationMs: number;
  error: string | null;
  job: { jobId: string };
  sourceJob: { jobId: string };
}

const lower = (value: string): string => value.toLowerCase();

export function jobView(j: JobNode): JobView {
  return {
    id: j.jobId,
    pipeline: `${j.project}/${j.pipelineName}`,
    commitSet: j.commitSet,
    state: lower(j.state),
    progress: j.progress,
    inputs: j.inputCommits.map((i) => ({ repo: `${i.project}/${i.repo}`, branch: i.branch, commit: i.commit?.id ?? null })),
    outputCommit: j.outputCommit?.id ?? null,
    error: j.error,
    createdAt: j.createdAt,
    startedAt: j.startedAt,
    finishedAt: j.finishedAt,
  };
}

export function pipelineView(p: PipelineNode): PipelineView {
  const v = p.currentVersion;
  return {
    project: p.project.name,
    name: p.name,
    description: p.description,
    version: v.version,
    specHash: v.specHash,
    image: v.image,
    cmd: v.cmd,
    inputRepos: v.inputRepos,
    outputRepo: p.outputRepo ? `${p.project.name}/${p.outputRepo.name}` : null,
    model: p.model?.name ?? null,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
    lastJob: p.lastJob ? { id: p.lastJob.jobId, state: lower(p.lastJob.state), createdAt: p.lastJob.createdAt } : null,
  };
}

export function datumView(d: DatumNode): DatumView {
  return {
    jobId: d.job.jobId,
    datumKey: d.datumKey,
    hash: d.hash,
    state: lower(d.state),
    attempts: d.attempts,
    durationMs: d.durationMs,
    error: d.error,
    sourceJobId: d.sourceJob.jobId,
  };
}

/** The datums done of a job's total: processed, skipped and recovered alike. */
export function datumsDone(p: JobProgressView): number {
  return p.processed + p.skipped + p.recovered;
}

/** `12/40 datums (3 skipped), 1 failed`: a job's progress in words. */
export function describeProgress(p: JobProgressView): string {
  const skipped = p.skipped > 0 ? ` (${p.skipped} skipped)` : '';
  const failed = p.failed > 0 ? `, ${p.failed} failed` : '';
  return `${datumsDone(p)}/${p.total} datums${skipped}${failed}`;
}
