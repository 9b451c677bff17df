/**
 * What every part of the erasure workflow works with: the graph repositories, the trees, the
 * audit log, the clock, and the subject analysis.
 */
import type { Logger } from '../../core/logger.js';
import { createNeo4jErasureGraph, createNeo4jSubjectTraceGraph, type ErasureGraph, type SubjectTraceGraph, type TraceOptions } from '../../graph-schema/compliance/index.js';
import type { TreeStore } from '../../pfs/tree-store.js';
import type { AuditEvent } from '../audit/index.js';
import type { ErasureServiceDeps } from './erasure-deps.js';
import { analyseSubject, type SubjectAnalysis } from './subject-analysis.js';

/** The actor of events the workflow appends on its own (execution steps run in the workers). */
export const ERASURE_ACTOR = 'stemma:erasure';

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  args?: unknown;
  argsDigest?: string;
  summary?: string;
}

export interface ErasureContext {
  deps: ErasureServiceDeps;
  erasures: ErasureGraph;
  traces: SubjectTraceGraph;
  trees: TreeStore;
  log: Logger;
  /** The queue namespace of this process's erasure queue. */
  queueScope: string;
  now(): Date;
  analyse(subjectId: string, opts?: TraceOptions): Promise<SubjectAnalysis>;
  /** Appends an event to the audit chain. */
  audit(entry: AuditEntry): Promise<AuditEvent>;
  /** Appends an event unless one with the same action and target is already in the chain (a step resumed after a crash). */
  auditOnce(entry: AuditEntry): Promise<AuditEvent>;
}

export function createErasureContext(deps: ErasureServiceDeps): ErasureContext {
  const traces = createNeo4jSubjectTraceGraph(deps.graph);
  const trees = deps.pfs.deps.trees;
  const audit = (entry: AuditEntry) => deps.audit.appendAuditEvent(entry);
  return {
    deps,
    erasures: createNeo4jErasureGraph(deps.graph),
    traces,
    trees,
    log: deps.logger,
    queueScope: deps.queueScope ?? 'stemma',
    now: deps.clock ?? (() => new Date()),
    analyse: (subjectId, opts) => analyseSubject(traces, trees, subjectId, opts),
    audit,
    auditOnce: (entry) => deps.audit.appendAuditEventOnce(entry),
  };
}
