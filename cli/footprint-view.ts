/**
 * A data subject's footprint as the CLI shows it: the GraphQL query, the `--json` shape, and
 * the readable summary (counts per kind, then the repos, commits, model versions and
 * decisions that reach the subject).
 */
import type { FootprintCounts } from '../compliance/erasure/index.js';
import { cell, formatAge } from './human-format.js';
import { tableText } from './table-text.js';

/** The counts per kind, as both the footprint and an erasure plan carry them. */
export const COUNT_FIELDS = 'records liveRecords historicalRecords repos commits derivedFiles datums jobs modelVersions decisions';
const list = (name: string, fields: string) => `${name}(first: $limit) { totalCount edges { node { ${fields} } } }`;

export const FOOTPRINT = `query SubjectFootprint($subjectId: String!, $project: String, $limit: Int) {
  subjectFootprint(subjectId: $subjectId, project: $project, limit: $limit) {
    subjectId limit truncated computedAt counts { ${COUNT_FIELDS} }
    ${list('records', 'fileVersionId repo path hash live commitIds')}
    ${list('derivedFiles', 'fileVersionId repo path hash live')}
    ${list('datums', 'id jobId datumKey state pipeline')}
    ${list('jobs', 'id pipeline commitSet state')}
    ${list('modelVersions', 'id model version state supersededByErasure')}
    ${list('decisions', 'id modelVersion madeAt flagged flaggedByErasure')}
  }
}`;

/** The counts as the API gives them: the domain's own shape, field for field. */
export type FootprintCountsView = FootprintCounts;

export interface FootprintView {
  subjectId: string;
  counts: FootprintCountsView;
  records: { fileVersionId: string; repo: string; path: string; hash: string; live: boolean; commitIds: string[] }[];
  derivedFiles: { fileVersionId: string; repo: string; path: string; hash: string; live: boolean }[];
  datums: { id: string; jobId: string; datumKey: string; state: string; pipeline: string | null }[];
  jobs: { id: string; pipeline: string | null; commitSet: string | null; state: string }[];
  modelVersions: { id: string; model: string; version: number; state: string; supersededByErasure: string | null }[];
  decisions: { id: string; modelVersion: string | null; madeAt: string | null; flagged: boolean; flaggedByErasure: string | null }[];
  limit: number;
  truncated: boolean;
  computedAt: string;
}

type Listed<T> = { totalCount: number | null; edges: { node: T }[] };
type ListKey = 'records' | 'derivedFiles' | 'datums' | 'jobs' | 'modelVersions' | 'decisions';
export type FootprintNode = Omit<FootprintView, ListKey> & { [K in ListKey]: Listed<FootprintView[K][number]> };

const LISTS: readonly ListKey[] = ['records', 'derivedFiles', 'datums', 'jobs', 'modelVersions', 'decisions'];

export function footprintView(node: FootprintNode): FootprintView {
  const lists = Object.fromEntries(LISTS.map((k) => [k, node[k].edges.map((e) => e.node)])) as Pick<FootprintView, ListKey>;
  return { subjectId: node.subjectId, counts: node.counts, ...lists, limit: node.limit, truncated: node.truncated, computedAt: node.computedAt };
}

/** The readable footprint: counts per kind, then the repos, commits, model versions and decisions. */
export function describeFootprint(f: FootprintView, now: Date = new Date()): string {
  const c = f.counts;
  const parts = [`Subject ${f.subjectId}: footprint computed ${formatAge(f.computedAt, now)}\n\n`];
  parts.push(
    tableText(
      [
        ['records', c.records, `${c.liveRecords} live, ${c.historicalRecords} historical`],
        ['repos', c.repos, ''],
        ['commits', c.commits, ''],
        ['derived files', c.derivedFiles, 'datum outputs and model files computed from the records'],
        ['datums', c.datums, ''],
        ['jobs', c.jobs, ''],
        ['model versions', c.modelVersions, ''],
        ['decisions', c.decisions, ''],
      ] as [string, number, string][],
      [
        { header: 'kind', value: (r) => r[0] },
        { header: 'count', value: (r) => r[1] },
        { header: '', value: (r) => r[2] || '' },
      ],
    ),
  );
  if (c.records === 0 && c.decisions === 0) return `${parts.join('')}\nNothing in Stemma reaches subject ${f.subjectId}.\n`;
  parts.push(section('Repos', c.repos, repoRows(f), [
    { header: 'repo', value: (r) => r.repo },
    { header: 'records', value: (r) => r.records },
    { header: 'live', value: (r) => r.live },
  ]));
  parts.push(section('Commits', c.commits, commitRows(f), [
    { header: 'commit', value: (r) => r.commit },
    { header: 'repo', value: (r) => r.repo },
    { header: 'records', value: (r) => r.records },
  ]));
  parts.push(section('Model versions', c.modelVersions, f.modelVersions, [
    { header: 'model', value: (m) => m.model },
    { header: 'version', value: (m) => m.version },
    { header: 'state', value: (m) => m.state },
    { header: 'superseded by erasure', value: (m) => m.supersededByErasure },
  ]));
  parts.push(section('Decisions', c.decisions, f.decisions, [
    { header: 'decision', value: (d) => cell(d.id, 40) },
    { header: 'model version', value: (d) => d.modelVersion },
    { header: 'made', value: (d) => formatAge(d.madeAt, now) },
    { header: 'flagged', value: (d) => (d.flagged ? `yes${d.flaggedByErasure ? ` (erasure ${d.flaggedByErasure})` : ''}` : 'no') },
  ]));
  if (f.truncated) parts.push(`\nLists show at most ${f.limit} of each kind; ask for more with --limit (up to 1000), or use --json.\n`);
  return parts.join('');
}

function section<T>(title: string, count: number, rows: T[], columns: Parameters<typeof tableText<T>>[1]): string {
  if (count === 0) return '';
  const shown = rows.length < count ? ` (${rows.length} of ${count} shown)` : ` (${count})`;
  return `\n${title}${shown}:\n${tableText(rows, columns)}`;
}

/** Records per repo, from the listed records. */
function repoRows(f: FootprintView): { repo: string; records: number; live: number }[] {
  const byRepo = new Map<string, { repo: string; records: number; live: number }>();
  for (const r of f.records) {
    const row = byRepo.get(r.repo) ?? { repo: r.repo, records: 0, live: 0 };
    row.records += 1;
    if (r.live) row.live += 1;
    byRepo.set(r.repo, row);
  }
  return [...byRepo.values()].sort((a, b) => a.repo.localeCompare(b.repo));
}

/** The commits holding the listed records, with their repo and how many records each holds. */
function commitRows(f: FootprintView): { commit: string; repo: string; records: number }[] {
  const byCommit = new Map<string, { commit: string; repo: string; records: number }>();
  for (const r of f.records) {
    for (const commit of r.commitIds) {
      const row = byCommit.get(commit) ?? { commit, repo: r.repo, records: 0 };
      row.records += 1;
      byCommit.set(commit, row);
    }
  }
  return [...byCommit.values()];
}
