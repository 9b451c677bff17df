/**
 * The erasure port: a data subject's footprint, and the workflow that erases the subject from
 * every branch head, every historical copy and every derived output, then proves it.
 */
import type {
  ErasureCertificate,
  ErasureListOptions,
  ErasureRecord,
  ErasureVerification,
  FootprintOptions,
  SubjectFootprint,
} from './erasure-types.js';

export interface ExecuteOptions {
  /** Wait until the request is verified or failed (default true); false returns once it is queued. */
  wait?: boolean;
  /** How long to wait (default 30 minutes); the execution goes on in the workers after it. */
  timeoutMs?: number;
}

export interface ErasureService {
  /** Counts per kind and bounded lists of everything that reaches the subject, live or historical. */
  footprint(subjectId: string, opts?: FootprintOptions): Promise<SubjectFootprint>;
  /** Files a request (state `requested`). */
  request(input: { subjectId: string; reason: string; requestedBy: string }): Promise<ErasureRecord>;
  /** The dry run, stored on the request (state `planned`); planning again refreshes it until approval. */
  plan(id: string): Promise<ErasureRecord>;
  /** Approves a planned request; `ForbiddenError` when the approver filed it. */
  approve(id: string, approver: string): Promise<ErasureRecord>;
  /**
   * Runs, or resumes, every step of an approved request in the workers, until it is verified
   * or failed; each step is checkpointed on the request and done at most once.
   */
  execute(id: string, opts?: ExecuteOptions): Promise<ErasureRecord>;
  /** Checks the graph and the storage for anything of the subject left (recorded on the request once executed). */
  verify(id: string): Promise<ErasureVerification>;
  get(id: string): Promise<ErasureRecord>;
  /** Newest first. */
  list(opts?: ErasureListOptions): Promise<ErasureRecord[]>;
  /** The certificate of a verified request: JSON, a self-contained HTML page and the sha256 of the JSON. */
  certificate(id: string): Promise<{ json: ErasureCertificate; html: string; sha256: string }>;
}
