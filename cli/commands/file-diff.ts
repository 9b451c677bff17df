/** The rows of `stemma diff file`: one per path, marked `+` added, `-` removed, `~` changed. */
import { formatBytes } from '../human-format.js';
import { printTable } from '../output.js';
import { fileView, type FileNode, type FileView } from '../pfs-views.js';

export interface FileDiffView {
  added: FileView[];
  removed: FileView[];
  changed: { before: FileView; after: FileView }[];
}

export interface FileDiffNode {
  added: FileNode[];
  removed: FileNode[];
  changed: { before: FileNode; after: FileNode }[];
}

export function fileDiffView(d: FileDiffNode): FileDiffView {
  return {
    added: d.added.map(fileView),
    removed: d.removed.map(fileView),
    changed: d.changed.map((c) => ({ before: fileView(c.before), after: fileView(c.after) })),
  };
}

export interface DiffRow {
  change: '+' | '-' | '~';
  path: string;
  size: string;
}

/** The diff as rows sorted by path, sizes shown as `before → after` for changes. */
export function diffRows(diff: FileDiffView): DiffRow[] {
  const rows: DiffRow[] = [
    ...diff.added.map((f) => ({ change: '+' as const, path: f.path, size: formatBytes(f.size) })),
    ...diff.removed.map((f) => ({ change: '-' as const, path: f.path, size: formatBytes(f.size) })),
    ...diff.changed.map((c) => ({ change: '~' as const, path: c.after.path, size: `${formatBytes(c.before.size)} → ${formatBytes(c.after.size)}` })),
  ];
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function printDiff(rows: DiffRow[]): void {
  printTable(rows, [
    { header: 'change', value: (r) => r.change },
    { header: 'path', value: (r) => r.path },
    { header: 'size', value: (r) => r.size },
  ]);
}
