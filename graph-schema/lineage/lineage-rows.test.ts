import { describe, expect, it } from 'vitest';
import { LINEAGE_LABELS } from './lineage-records.js';
import { toLineageResult, type LineageEdgeRow, type LineageNodeRow } from './lineage-rows.js';

const index = (label: (typeof LINEAGE_LABELS)[number]) => LINEAGE_LABELS.indexOf(label);

const rows: LineageNodeRow[] = [
  [index('FileVersion'), 'fv-1', 0, 'p', { repoId: 'p/out', path: '/a', size: 3, hash: 'h1' }, ['p/out', '/a']],
  [index('Datum'), 'job.key', 1, 'p', { jobId: 'job', datumKey: 'key', state: 'success' }, ['job', 'key']],
  [index('Subject'), 'alice', 2, null, { id: 'alice' }, []],
  [index('Job'), 'job', 2, 'p', null, [null]],
];
const edges: LineageEdgeRow[] = [
  ['PRODUCED', 1, 0],
  ['OF_JOB', 1, 3],
  ['SUBJECT_OF', 2, 0],
];

describe('toLineageResult', () => {
  it('names each node by its label and its edges by the ids and labels of their ends', () => {
    const result = toLineageResult(rows, edges, true, true);
    expect(result.nodes.map((n) => [n.label, n.id, n.depth, n.project])).toEqual([
      ['FileVersion', 'fv-1', 0, 'p'],
      ['Datum', 'job.key', 1, 'p'],
      ['Subject', 'alice', 2, null],
      ['Job', 'job', 2, 'p'],
    ]);
    expect(result.edges).toEqual([
      { type: 'PRODUCED', from: 'job.key', fromLabel: 'Datum', to: 'fv-1', toLabel: 'FileVersion', fromIndex: 1, toIndex: 0 },
      { type: 'OF_JOB', from: 'job.key', fromLabel: 'Datum', to: 'job', toLabel: 'Job', fromIndex: 1, toIndex: 3 },
      { type: 'SUBJECT_OF', from: 'alice', fromLabel: 'Subject', to: 'fv-1', toLabel: 'FileVersion', fromIndex: 2, toIndex: 0 },
    ]);
    expect([result.truncated, result.properties]).toEqual([true, 'all']);
  });

  it('gives every property when asked for, else the display values by name, leaving out those a node lacks', () => {
    const all = toLineageResult(rows, edges, false, true);
    expect(all.nodes[0]!.properties).toEqual({ repoId: 'p/out', path: '/a', size: 3, hash: 'h1' });
    const display = toLineageResult(rows, edges, false, false);
    expect(display.properties).toBe('display');
    expect(display.nodes.map((n) => n.properties)).toEqual([{ repoId: 'p/out', path: '/a' }, { jobId: 'job', datumKey: 'key' }, {}, {}]);
  });

  it('drops a node with no lineage label, and the edges at it', () => {
    const result = toLineageResult([rows[0]!, [null, 'odd', 1, null, null, null], rows[1]!], [['PRODUCED', 2, 0], ['X', 1, 0]], false, false);
    expect(result.nodes.map((n) => n.id)).toEqual(['fv-1', 'job.key']);
    expect(result.edges).toEqual([{ type: 'PRODUCED', from: 'job.key', fromLabel: 'Datum', to: 'fv-1', toLabel: 'FileVersion', fromIndex: 1, toIndex: 0 }]);
  });
});
