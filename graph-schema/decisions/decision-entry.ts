/**
 * One decision as a serving system or a pipeline writes it, checked before anything is
 * recorded: `{ subjectId, input, output, explanation?, madeAt? }`. A problem names the field
 * at fault, so the caller can say where it is (`inputs[3].subjectId`, `a.jsonl line 3`).
 */
import { InvalidArgumentError } from '../../core/errors.js';

export interface DecisionEntry {
  subjectId: string;
  input: unknown;
  output: unknown;
  explanation: unknown;
  /** ISO time; absent: when it is recorded. */
  madeAt: string | undefined;
}

export type EntryCheck = { ok: true; entry: DecisionEntry } | { ok: false; field: string; problem: string };

export const MAX_SUBJECT_ID_LENGTH = 512;
/** Bytes of each of input, output and explanation as JSON text. */
export const MAX_DECISION_JSON_BYTES = 256 * 1024;
const FIELDS = new Set(['subjectId', 'input', 'output', 'explanation', 'madeAt']);

/** Checks one decision; `extraFields` are keys the caller handles itself (e.g. `modelVersion`). */
export function checkDecisionEntry(value: unknown, extraFields: readonly string[] = []): EntryCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problem('', 'must be a JSON object');
  const v = value as Record<string, unknown>;
  const unknown = Object.keys(v).find((k) => !FIELDS.has(k) && !extraFields.includes(k));
  if (unknown !== undefined) return problem(unknown, 'is not a decision field (subjectId, input, output, explanation, madeAt)');
  const subjectId = v['subjectId'];
  if (typeof subjectId !== 'string' || subjectId.trim() === '') return problem('subjectId', 'must be a non-empty string');
  if (subjectId.length > MAX_SUBJECT_ID_LENGTH) return problem('subjectId', `must be at most ${MAX_SUBJECT_ID_LENGTH} characters`);
  for (const field of ['input', 'output'] as const) {
    if (v[field] === undefined || v[field] === null) return problem(field, 'is required (any JSON value but null)');
  }
  for (const field of ['input', 'output', 'explanation'] as const) {
    const bytes = v[field] === undefined ? 0 : Buffer.byteLength(JSON.stringify(v[field]) ?? '');
    if (bytes > MAX_DECISION_JSON_BYTES) return problem(field, `is ${bytes} bytes as JSON; at most ${MAX_DECISION_JSON_BYTES} are kept per field`);
  }
  const madeAt = checkMadeAt(v['madeAt']);
  if (madeAt === null) return problem('madeAt', 'must be an ISO 8601 time such as "2024-05-01T12:00:00Z"');
  return { ok: true, entry: { subjectId, input: v['input'], output: v['output'], explanation: v['explanation'] ?? null, madeAt } };
}

/**
 * Checks every entry; the first bad one is an INVALID_ARGUMENT naming it as `where(index)`
 * followed by the field, e.g. `inputs[3].subjectId: must be a non-empty string`.
 */
export function checkDecisionEntries<T>(values: readonly T[], where: (index: number) => string, extraFields: readonly string[] = []): DecisionEntry[] {
  return values.map((value, index) => {
    const checked = checkDecisionEntry(value, extraFields);
    if (checked.ok) return checked.entry;
    const at = checked.field === '' ? where(index) : `${where(index)}.${checked.field}`;
    throw new InvalidArgumentError(`${at}: ${checked.problem}`, { index, field: checked.field });
  });
}

/** undefined when absent, the ISO form when valid, null when invalid. */
function checkMadeAt(value: unknown): string | undefined | null {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function problem(field: string, text: string): EntryCheck {
  return { ok: false, field, problem: text };
}
