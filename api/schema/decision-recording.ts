/**
 * Recording decisions from the API: every input is checked before anything is written
 * (INVALID_ARGUMENT naming the input and field), every model version resolved (NOT_FOUND
 * naming it and where), then all are written in one transaction.
 */
import { InvalidArgumentError, NotFoundError, isStemmaError } from '../../core/errors.js';
import { checkDecisionEntries, newDecisionId, parseModelVersionRef, type DecisionRecord, type NewDecision } from '../../graph-schema/decisions/index.js';
import type { Context } from './builder.js';
import { decisionGraph, modelVersionRefArg } from './decision-nodes.js';

/** The most decisions one `recordDecisions` call takes. */
export const MAX_DECISIONS_PER_CALL = 10_000;

/** A `RecordDecisionInput` as GraphQL hands it over. */
export interface RecordDecisionArgs {
  modelVersion: string | number;
  subjectId: string;
  input?: unknown;
  output?: unknown;
  explanation?: unknown;
  madeAt?: Date | null;
}

/** Checks and records `inputs`, all or none; `where(i)` names input i in errors (`inputs[3]`). */
export async function recordDecisionInputs(ctx: Context, inputs: readonly RecordDecisionArgs[], where: (i: number) => string): Promise<DecisionRecord[]> {
  if (inputs.length > MAX_DECISIONS_PER_CALL) {
    throw new InvalidArgumentError(`inputs: at most ${MAX_DECISIONS_PER_CALL} decisions per call, got ${inputs.length}; send them in batches`, { argument: 'inputs' });
  }
  const entries = checkDecisionEntries(inputs, where, ['modelVersion']);
  const refs = inputs.map((input, i) => modelVersionRefAt(String(input.modelVersion), `${where(i)}.modelVersion`));
  const graph = decisionGraph(ctx);
  const versions = await graph.resolveModelVersions(refs);
  const now = new Date().toISOString();
  const rows = entries.map((entry, i): NewDecision => {
    const version = versions.get(refs[i]!);
    if (!version) throw new NotFoundError(`${where(i)}.modelVersion: model version ${refs[i]} does not exist`, { modelVersion: refs[i], index: i });
    return { id: newDecisionId(), modelVersionId: version.id, ...entry, madeAt: entry.madeAt ?? now, source: 'api', datumId: null };
  });
  await graph.recordBatch(rows);
  return rows.map((r) => ({ ...r, explanation: r.explanation ?? null, flagged: false, flaggedByErasure: null, datumId: null }));
}

function modelVersionRefAt(value: string, where: string): string {
  try {
    const ref = modelVersionRefArg(value);
    parseModelVersionRef(ref);
    return ref;
  } catch (err) {
    if (isStemmaError(err) && err.code === 'INVALID_ARGUMENT') throw new InvalidArgumentError(`${where}: ${err.message}`, { ...err.details, field: where });
    throw err;
  }
}
