/**
 * Right to erasure: a subject's footprint, and request -> plan -> approve -> execute (deletion
 * commits, key shredding, reprocessing, retraining, flags) -> verify -> certificate.
 */
export type { ErasureService, ExecuteOptions } from './erasure-service.js';
export { createErasureService, createErasureWorkerProcessor } from './create-erasure-service.js';
export type { ErasureServiceDeps } from './erasure-deps.js';
export type { ErasureProcessor, ErasureProcessorOptions } from './erasure-processor.js';
export { certificateKeys } from './erasure-certificate.js';
export { deletionCommitSet } from './steps/make-deletion-commits.js';
export { ERASURE_QUEUE, type ErasureQueue, type ErasureWork, type ErasureWorkData } from './erasure-queue.js';
export {
  ERASURE_STATES,
  ERASURE_STEPS,
  type ErasureCertificate,
  type ErasureCertificateRef,
  type ErasureExecution,
  type ErasureListOptions,
  type ErasurePlan,
  type ErasureRecord,
  type ErasureState,
  type ErasureStep,
  type ErasureStepRecord,
  type ErasureVerification,
  type FootprintCounts,
  type FootprintDatum,
  type FootprintDecision,
  type FootprintFile,
  type FootprintJob,
  type FootprintModelVersion,
  type FootprintOptions,
  type FootprintRecord,
  type PlannedDeletionCommit,
  type PlannedReprocessing,
  type PlannedRetraining,
  type RemainingItem,
  type SubjectFootprint,
} from './erasure-types.js';
