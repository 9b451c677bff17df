/**
 * The records of a subject's footprint and of an erasure request: what the graph holds about
 * a data subject, the plan that removes it, the checkpoints of its execution, the verification
 * and the certificate. Plain JSON-able values, shared by the service, the API and the CLI.
 */

/** requested -> planned -> approved -> executing -> verifying -> verified | failed. */
export type ErasureState = 'requested' | 'planned' | 'approved' | 'executing' | 'verifying' | 'verified' | 'failed';

export const ERASURE_STATES: readonly ErasureState[] = ['requested', 'planned', 'approved', 'executing', 'verifying', 'verified', 'failed'];

/** The steps of an execution, in order; each one is checkpointed on the request when done. */
export type ErasureStep = 'deletion-commits' | 'shred' | 'reprocess' | 'supersede-models' | 'flag-decisions' | 'verify' | 'certificate';

export const ERASURE_STEPS: readonly ErasureStep[] = ['deletion-commits', 'shred', 'reprocess', 'supersede-models', 'flag-decisions', 'verify', 'certificate'];

/** How many nodes of each kind reach the subject. */
export interface FootprintCounts {
  /** Record file versions tagged with the subject, live or historical. */
  records: number;
  /** Of those, the ones in a branch head's tree. */
  liveRecords: number;
  historicalRecords: number;
  /** Repos and commits holding the subject's records. */
  repos: number;
  commits: number;
  /** File versions derived from the records (datum outputs, model files), downstream. */
  derivedFiles: number;
  datums: number;
  jobs: number;
  modelVersions: number;
  decisions: number;
}

/** A file version of a subject's footprint: a record, or a file computed from records. */
export interface FootprintFile {
  fileVersionId: string;
  /** `project/name` */
  repoId: string;
  path: string;
  hash: string;
  /** In a branch head's tree now. */
  live: boolean;
}

/** A version of a record file tagged with the subject. */
export interface FootprintRecord extends FootprintFile {
  /** Commits whose tree holds this version (bounded). */
  commitIds: string[];
}

export interface FootprintDatum {
  id: string;
  jobId: string;
  datumKey: string;
  state: string;
  /** `project/name` of the pipeline that ran it. */
  pipelineId: string | null;
}

export interface FootprintJob {
  id: string;
  pipelineId: string | null;
  commitSet: string | null;
  state: string;
}

export interface FootprintModelVersion {
  id: string;
  modelId: string;
  version: number;
  state: string;
  supersededByErasure: string | null;
}

export interface FootprintDecision {
  id: string;
  modelVersionId: string | null;
  madeAt: string | null;
  flagged: boolean;
  flaggedByErasure: string | null;
}

/** Everything that reaches a subject: counts per kind, and lists bounded by `limit`. */
export interface SubjectFootprint {
  subjectId: string;
  counts: FootprintCounts;
  records: FootprintRecord[];
  derivedFiles: FootprintFile[];
  datums: FootprintDatum[];
  jobs: FootprintJob[];
  modelVersions: FootprintModelVersion[];
  decisions: FootprintDecision[];
  /** The most items each list holds. */
  limit: number;
  /** True when some list holds fewer items than its count. */
  truncated: boolean;
  computedAt: string;
}

export interface FootprintOptions {
  /** Only this project's repos, pipelines and models. */
  project?: string;
  /** Items per list (default 100, at most 1,000). */
  limit?: number;
}

/** A commit the execution makes on a branch head that holds the subject's records. */
export interface PlannedDeletionCommit {
  repoId: string;
  branch: string;
  /** The head commit when planned; execution re-checks a head that moved. */
  headCommitId: string;
  paths: string[];
}

/** The datums of one pipeline whose inputs are the subject's record versions: they reprocess. */
export interface PlannedReprocessing {
  pipelineId: string;
  outputRepoId: string | null;
  datumKeys: string[];
  datumCount: number;
}

/** A model version whose training reached the subject: its pipeline reruns, and it is superseded. */
export interface PlannedRetraining {
  modelVersionId: string;
  modelId: string;
  version: number;
  pipelineId: string | null;
  jobId: string | null;
}

/** The dry run, stored on the request. */
export interface ErasurePlan {
  plannedAt: string;
  counts: FootprintCounts;
  deletionCommits: PlannedDeletionCommit[];
  reprocessing: PlannedReprocessing[];
  retraining: PlannedRetraining[];
  /** Historical copies made unreadable by destroying the subject's key. */
  shred: { keyId: string; fileVersionCount: number; fileVersionIds: string[]; commitCount: number; commitIds: string[] };
  decisions: { count: number; ids: string[] };
  /** True when a list was cut at its bound (the counts are whole). */
  truncated: boolean;
}

export interface ErasureStepRecord {
  step: ErasureStep;
  state: 'done' | 'failed';
  at: string;
  /** What the step did, in one line. */
  summary: string;
}

/** What was done, filled in step by step (each part is a checkpoint). */
export interface ErasureExecution {
  deletionCommits: { repoId: string; branch: string; commitId: string; commitSet: string; pathCount: number }[];
  keyDestroyedAt: string | null;
  reprocessedJobs: { jobId: string; pipelineId: string; state: string; processed: number; skipped: number; total: number }[];
  supersededModelVersions: { id: string; modelId: string; replacedBy: string | null }[];
  flaggedDecisions: number;
}

/** Something that still reaches the subject after an erasure. */
export interface RemainingItem {
  /** `unchecked-object`: a record version the storage check could not read either way (e.g. another key store's). */
  kind: 'record' | 'derived-file' | 'model-version' | 'readable-object' | 'unchecked-object';
  id: string;
  description: string;
}

export interface ErasureVerification {
  ok: boolean;
  checkedAt: string;
  graph: { ok: boolean; remaining: RemainingItem[] };
  /** Historical record versions read through a fresh keyring: each must give ERASED. */
  storage: { ok: boolean; checked: number; remaining: RemainingItem[] };
}

/** Where a certificate was written, and its hash in the audit chain. */
export interface ErasureCertificateRef {
  sha256: string;
  objectKeys: { json: string; html: string };
  /** Set when the certificate was also written to local disk. */
  localPaths: { json: string; html: string } | null;
  /** The audit event (`erasure.certificate`) whose argument digest is `sha256`. */
  auditEventSeq: number | null;
  issuedAt: string;
}

export interface ErasureRecord {
  id: string;
  subjectId: string;
  reason: string;
  requestedBy: string;
  approvedBy: string | null;
  state: ErasureState;
  createdAt: string;
  updatedAt: string;
  plannedAt: string | null;
  approvedAt: string | null;
  executionStartedAt: string | null;
  completedAt: string | null;
  plan: ErasurePlan | null;
  /** Steps done so far, in order. */
  steps: ErasureStepRecord[];
  execution: ErasureExecution;
  verification: ErasureVerification | null;
  certificate: ErasureCertificateRef | null;
  /** Why the request failed, for state `failed`. */
  error: string | null;
}

/** The certificate of an erasure: what was found, changed, reprocessed, retrained and verified. */
export interface ErasureCertificate {
  kind: 'stemma.erasure-certificate';
  version: 1;
  erasureId: string;
  subjectId: string;
  reason: string;
  requestedBy: string;
  approvedBy: string | null;
  requestedAt: string;
  approvedAt: string | null;
  executionStartedAt: string | null;
  completedAt: string | null;
  issuedAt: string;
  found: FootprintCounts | null;
  plan: ErasurePlan | null;
  execution: ErasureExecution;
  steps: ErasureStepRecord[];
  verification: ErasureVerification | null;
}

export interface ErasureListOptions {
  state?: string;
  subjectId?: string;
  /** At most this many (default 50, at most 500). */
  limit?: number;
  /** The id of the last request of the previous page (newest first). */
  after?: string;
}
