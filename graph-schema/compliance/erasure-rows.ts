/**
 * An erasure request as the graph stores it: scalar properties, and the plan, steps,
 * execution, verification and certificate as JSON text (the compliance module owns their shape).
 */

export interface ErasureRow {
  id: string;
  subjectId: string;
  reason: string;
  requestedBy: string;
  approvedBy: string | null;
  state: string;
  createdAt: string;
  updatedAt: string;
  plannedAt: string | null;
  approvedAt: string | null;
  executionStartedAt: string | null;
  completedAt: string | null;
  error: string | null;
  /** The queue namespace whose workers run the execution (set when it starts). */
  queue: string | null;
  /** Parsed JSON of the structured parts (null when not set). */
  plan: unknown;
  steps: unknown;
  execution: unknown;
  verification: unknown;
  certificate: unknown;
}

/** The fields a write may set; JSON parts are given as values and stored as text. */
export type ErasurePatch = Partial<Omit<ErasureRow, 'id' | 'subjectId' | 'createdAt' | 'updatedAt'>>;

export const JSON_FIELDS = ['plan', 'steps', 'execution', 'verification', 'certificate'] as const;

const SCALARS = ['reason', 'requestedBy', 'approvedBy', 'state', 'plannedAt', 'approvedAt', 'executionStartedAt', 'completedAt', 'error', 'queue'] as const;

/** The patch as node properties: JSON parts serialised, undefined fields left out. */
export function patchProperties(patch: ErasurePatch): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (const key of SCALARS) if (patch[key] !== undefined) props[key] = patch[key];
  for (const key of JSON_FIELDS) if (patch[key] !== undefined) props[key] = patch[key] === null ? null : JSON.stringify(patch[key]);
  return props;
}

export function toErasureRow(node: unknown): ErasureRow {
  const x = (node as { properties: Record<string, unknown> }).properties;
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : null);
  return {
    id: String(x.id),
    subjectId: String(x.subjectId),
    reason: String(x.reason ?? ''),
    requestedBy: String(x.requestedBy),
    approvedBy: str(x.approvedBy),
    state: String(x.state),
    createdAt: String(x.createdAt),
    updatedAt: String(x.updatedAt ?? x.createdAt),
    plannedAt: str(x.plannedAt),
    approvedAt: str(x.approvedAt),
    executionStartedAt: str(x.executionStartedAt),
    completedAt: str(x.completedAt),
    error: str(x.error),
    queue: str(x.queue),
    plan: json(x.plan),
    steps: json(x.steps),
    execution: json(x.execution),
    verification: json(x.verification),
    certificate: json(x.certificate),
  };
}
