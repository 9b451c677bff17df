/**
 * Erasure requests as the CLI reads them from GraphQL: the fields each query selects, and the
 * mapping to the `--json` shape (the erasure id as `id`, enums in lower case as the service
 * names them: `executing`, `deletion-commits`).
 */
import { COUNT_FIELDS, type FootprintCountsView } from './footprint-view.js';

const PLAN_FIELDS = `plannedAt counts { ${COUNT_FIELDS} } truncated
  deletionCommits { repo branch headCommitId paths }
  reprocessing { pipeline outputRepo datumCount datumKeys }
  retraining { modelVersionId model version pipeline trainingJobId }
  shred { keyId fileVersionCount fileVersionIds commitCount commitIds }
  decisions { count ids }`;
const REMAINING = 'remaining { kind id description }';
export const VERIFICATION_FIELDS = `ok checkedAt graph { ok ${REMAINING} } storage { ok checked ${REMAINING} }`;
const EXECUTION_FIELDS = `deletionCommits { repo branch commitId commitSet pathCount } keyDestroyedAt
  reprocessedJobs { jobId pipeline state processed skipped total }
  supersededModelVersions { modelVersionId model replacedBy } flaggedDecisions`;

/** What `list` shows of each request. */
export const ERASURE_SUMMARY_FIELDS = 'erasureId subjectId reason state requestedBy approvedBy createdAt updatedAt completedAt error';

/** Everything about a request: what `inspect`, `plan` and the workflow verbs print. */
export const ERASURE_FIELDS = `${ERASURE_SUMMARY_FIELDS} plannedAt approvedAt executionStartedAt
  plan { ${PLAN_FIELDS} }
  steps { step state at summary } remainingSteps
  execution { ${EXECUTION_FIELDS} }
  verification { ${VERIFICATION_FIELDS} }
  certificate { sha256 htmlPath jsonPath auditEventSeq issuedAt }`;

export interface RemainingItemView {
  kind: string;
  id: string;
  description: string;
}

export interface VerificationView {
  ok: boolean;
  checkedAt: string;
  graph: { ok: boolean; remaining: RemainingItemView[] };
  storage: { ok: boolean; checked: number; remaining: RemainingItemView[] };
}

export interface PlanView {
  plannedAt: string;
  counts: FootprintCountsView;
  truncated: boolean;
  deletionCommits: { repo: string; branch: string; headCommitId: string; paths: string[] }[];
  reprocessing: { pipeline: string; outputRepo: string | null; datumCount: number; datumKeys: string[] }[];
  retraining: { modelVersionId: string; model: string; version: number; pipeline: string | null; trainingJobId: string | null }[];
  shred: { keyId: string; fileVersionCount: number; fileVersionIds: string[]; commitCount: number; commitIds: string[] };
  decisions: { count: number; ids: string[] };
}

export interface StepView {
  step: string;
  state: string;
  at: string;
  summary: string;
}

export interface ExecutionView {
  deletionCommits: { repo: string; branch: string; commitId: string; commitSet: string; pathCount: number }[];
  keyDestroyedAt: string | null;
  reprocessedJobs: { jobId: string; pipeline: string; state: string; processed: number; skipped: number; total: number }[];
  supersededModelVersions: { modelVersionId: string; model: string; replacedBy: string | null }[];
  flaggedDecisions: number;
}

export interface CertificateView {
  sha256: string;
  htmlPath: string;
  jsonPath: string;
  auditEventSeq: number | null;
  issuedAt: string;
}

export interface ErasureView {
  id: string;
  subjectId: string;
  reason: string;
  state: string;
  requestedBy: string;
  approvedBy: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  error: string | null;
  plannedAt?: string | null;
  approvedAt?: string | null;
  executionStartedAt?: string | null;
  plan?: PlanView | null;
  steps?: StepView[];
  remainingSteps?: string[];
  execution?: ExecutionView;
  verification?: VerificationView | null;
  certificate?: CertificateView | null;
}

/** An ErasureRequest as GraphQL answers it (summary or full selection). */
export type ErasureNode = Omit<ErasureView, 'id'> & { erasureId: string };

/** `EXECUTING` → `executing`, `DELETION_COMMITS` → `deletion-commits`. */
export const enumText = (value: string): string => value.toLowerCase().replaceAll('_', '-');

/** The GraphQL spelling of a state or step the CLI takes (`verifying` → `VERIFYING`). */
export const enumValue = (text: string): string => text.toUpperCase().replaceAll('-', '_');

export function erasureView(node: ErasureNode): ErasureView {
  const { erasureId, ...rest } = node;
  const view: ErasureView = { id: erasureId, ...rest, state: enumText(node.state) };
  if (node.steps) view.steps = node.steps.map((s) => ({ ...s, step: enumText(s.step) }));
  if (node.remainingSteps) view.remainingSteps = node.remainingSteps.map(enumText);
  return view;
}

/** The states in which an execution has ended. */
export const FINAL_ERASURE_STATES = ['verified', 'failed'] as const;

export const isFinalErasureState = (state: string): boolean => (FINAL_ERASURE_STATES as readonly string[]).includes(state);
