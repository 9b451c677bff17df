/** An erasure request as the service returns it, from the graph's row. */
import type { ErasureRow } from '../../graph-schema/compliance/index.js';
import type { ErasureCertificateRef, ErasureExecution, ErasurePlan, ErasureRecord, ErasureState, ErasureStep, ErasureStepRecord, ErasureVerification } from './erasure-types.js';

export function emptyExecution(): ErasureExecution {
  return { deletionCommits: [], keyDestroyedAt: null, reprocessedJobs: [], supersededModelVersions: [], flaggedDecisions: 0 };
}

export function toErasureRecord(row: ErasureRow): ErasureRecord {
  return {
    id: row.id,
    subjectId: row.subjectId,
    reason: row.reason,
    requestedBy: row.requestedBy,
    approvedBy: row.approvedBy,
    state: row.state as ErasureState,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    plannedAt: row.plannedAt,
    approvedAt: row.approvedAt,
    executionStartedAt: row.executionStartedAt,
    completedAt: row.completedAt,
    plan: (row.plan as ErasurePlan | null) ?? null,
    steps: (row.steps as ErasureStepRecord[] | null) ?? [],
    execution: { ...emptyExecution(), ...((row.execution as Partial<ErasureExecution> | null) ?? {}) },
    verification: (row.verification as ErasureVerification | null) ?? null,
    certificate: (row.certificate as ErasureCertificateRef | null) ?? null,
    error: row.error,
  };
}

/** True when the step was checkpointed as done on the request. */
export function stepDone(record: ErasureRecord, step: ErasureStep): boolean {
  return record.steps.some((s) => s.step === step && s.state === 'done');
}
