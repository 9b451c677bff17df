/** The rows a subject's trace through the graph returns. */

export interface SubjectRecordRow {
  fileVersionId: string;
  repoId: string;
  path: string;
  hash: string;
  /** Commits that wrote this version (oldest first, bounded). */
  commitIds: string[];
}

export interface BranchHeadRow {
  branchId: string;
  repoId: string;
  branch: string;
  headCommitId: string;
  manifest: string | null;
}

export interface TracedDatumRow {
  id: string;
  jobId: string;
  datumKey: string;
  state: string;
  pipelineId: string | null;
  commitSet: string | null;
  jobState: string | null;
  outputRepoId: string | null;
  /** The head job of its pipeline's output carries this datum's outputs: they are live. */
  live: boolean;
}

export interface TracedFileRow {
  fileVersionId: string;
  repoId: string;
  path: string;
  hash: string;
  /** The traced datums that produced it. */
  producerIds: string[];
}

export interface TracedModelVersionRow {
  id: string;
  modelId: string;
  version: number;
  state: string;
  jobId: string | null;
  supersededByErasure: string | null;
  /** Decisions made with this version. */
  decisionCount: number;
}

export interface TracedDecisionRow {
  id: string;
  modelVersionId: string | null;
  subjectId: string | null;
  madeAt: string | null;
  flagged: boolean;
  flaggedByErasure: string | null;
}

/** Everything the graph holds that reaches a subject, walked downstream from its records. */
export interface SubjectTrace {
  records: SubjectRecordRow[];
  recordCount: number;
  /** Repos holding the subject's records (all of them, up to the walk's cap). */
  repoIds: string[];
  commitCount: number;
  heads: BranchHeadRow[];
  datums: TracedDatumRow[];
  derivedFiles: TracedFileRow[];
  modelVersions: TracedModelVersionRow[];
  decisions: TracedDecisionRow[];
  decisionCount: number;
  /** Of those, the decisions about the subject itself. */
  decisionsAboutCount: number;
  /** True when the walk stopped at its cap (counts are then lower bounds). */
  truncated: boolean;
}

type Props = Record<string, unknown>;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function toDecisionRow(x: Props): TracedDecisionRow {
  return {
    id: String(x.id),
    modelVersionId: str(x.modelVersionId),
    subjectId: str(x.subjectId),
    madeAt: str(x.madeAt),
    flagged: x.flagged === true,
    flaggedByErasure: str(x.flaggedByErasure),
  };
}

export function toModelVersionRow(x: Props, decisionCount: unknown): TracedModelVersionRow {
  return {
    id: String(x.id),
    modelId: String(x.modelId),
    version: Number(x.version ?? 0),
    state: String(x.state ?? 'current'),
    jobId: str(x.jobId),
    supersededByErasure: str(x.supersededByErasure),
    decisionCount: Number(decisionCount ?? 0),
  };
}

export function toDatumRow(r: { get(key: string): unknown }): TracedDatumRow {
  return {
    id: String(r.get('id')),
    jobId: String(r.get('jobId')),
    datumKey: String(r.get('datumKey')),
    state: String(r.get('state')),
    pipelineId: str(r.get('pipelineId')),
    commitSet: str(r.get('commitSet')),
    jobState: str(r.get('jobState')),
    outputRepoId: str(r.get('outputRepoId')),
    live: r.get('live') === true,
  };
}
