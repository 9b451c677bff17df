/**
 * What the graph and the branch heads hold of a subject: the graph's trace (records, and what
 * was derived from them), and which of the record versions are live, i.e. in a branch head's
 * tree now. The graph records which commit wrote a version, not every tree holding it, so
 * liveness is read from the heads' manifests, one lookup per (head, record path).
 */
import type { BranchHeadRow, SubjectTrace, SubjectTraceGraph, TraceOptions } from '../../graph-schema/compliance/index.js';
import type { TreeStore } from '../../pfs/tree-store.js';

/** A branch head and the subject's record paths in its tree. */
export interface LiveRecords {
  head: BranchHeadRow;
  paths: string[];
}

export interface SubjectAnalysis {
  subjectId: string;
  trace: SubjectTrace;
  /** Heads holding the subject's records, with the paths (sorted). */
  live: LiveRecords[];
  /** Ids of the record versions in some head's tree. */
  liveVersionIds: Set<string>;
}

const LOOKUP_CONCURRENCY = 32;

export async function analyseSubject(traces: SubjectTraceGraph, trees: TreeStore, subjectId: string, opts: TraceOptions = {}): Promise<SubjectAnalysis> {
  const trace = await traces.trace(subjectId, opts);
  const { live, liveVersionIds } = await findLiveRecords(trees, subjectId, trace);
  return { subjectId, trace, live, liveVersionIds };
}

/** Looks every record path of the subject up in the heads of its repo. */
export async function findLiveRecords(trees: TreeStore, subjectId: string, trace: Pick<SubjectTrace, 'records' | 'heads'>) {
  const versions = new Map(trace.records.map((r) => [`${r.repoId}\0${r.path}\0${r.hash}`, r.fileVersionId]));
  const pathsByRepo = new Map<string, Set<string>>();
  for (const r of trace.records) pathsByRepo.set(r.repoId, (pathsByRepo.get(r.repoId) ?? new Set()).add(r.path));
  const lookups = trace.heads.flatMap((head) => [...(pathsByRepo.get(head.repoId) ?? [])].map((path) => ({ head, path })));
  const found: { head: BranchHeadRow; path: string; hash: string }[] = [];
  for (let i = 0; i < lookups.length; i += LOOKUP_CONCURRENCY) {
    const slice = lookups.slice(i, i + LOOKUP_CONCURRENCY);
    const entries = await Promise.all(slice.map(({ head, path }) => trees.lookup(head.manifest, path)));
    entries.forEach((entry, j) => {
      if (entry?.subjects?.includes(subjectId)) found.push({ ...slice[j]!, hash: entry.hash });
    });
  }
  const byHead = new Map<string, LiveRecords>();
  const liveVersionIds = new Set<string>();
  for (const f of found) {
    const group = byHead.get(f.head.branchId) ?? { head: f.head, paths: [] };
    group.paths.push(f.path);
    byHead.set(f.head.branchId, group);
    const version = versions.get(`${f.head.repoId}\0${f.path}\0${f.hash}`);
    if (version) liveVersionIds.add(version);
  }
  const live = [...byHead.values()].sort((a, b) => compare(a.head.branchId, b.head.branchId));
  for (const group of live) group.paths.sort(compare);
  return { live, liveVersionIds };
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
