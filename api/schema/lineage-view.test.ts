import { describe, expect, it } from 'vitest';
import type { LineageEdgeRecord, LineageNodeRecord, LineageResult } from '../../graph-schema/lineage/index.js';
import { decodeStemmaGlobalId, encodeStemmaGlobalId } from './global-id.js';
import { lineageCaption, viewLineage } from './lineage-view.js';

const node = (label: LineageNodeRecord['label'], id: string, project: string | null, depth: number, properties: Record<string, unknown> = {}): LineageNodeRecord => ({
  label,
  id,
  project,
  depth,
  properties: { id, ...properties },
});
/** An edge between two nodes of `among`, by position as the lineage graph gives it. */
const edgeIn =
  (among: LineageNodeRecord[]) =>
  (from: LineageNodeRecord, type: string, to: LineageNodeRecord): LineageEdgeRecord => ({
    type,
    from: from.id,
    fromLabel: from.label,
    to: to.id,
    toLabel: to.label,
    fromIndex: among.findIndex((n) => n.id === from.id),
    toIndex: among.findIndex((n) => n.id === to.id),
  });

const commit = 'c'.repeat(32);
const start = node('FileVersion', 'fv-a', 'a', 0, { repoId: 'a/out', path: '/x.csv' });
const datum = node('Datum', 'job.key', 'a', 1, { datumKey: 'key', jobId: 'job' });
const foreignInput = node('FileVersion', 'fv-b', 'b', 2, { repoId: 'b/in', path: '/r1' });
const ownInput = node('FileVersion', 'fv-a2', 'a', 2, { repoId: 'a/in', path: '/r2' });
const subjectOfForeign = node('Subject', 'alice', null, 3);
const subjectOfOwn = node('Subject', 'bob', null, 3);
const inCommit = node('Commit', commit, 'a', 1, { repoId: 'a/out' });
const nodes = [start, datum, inCommit, foreignInput, ownInput, subjectOfForeign, subjectOfOwn];
const edge = edgeIn(nodes);
const result: LineageResult = {
  nodes,
  edges: [
    edge(datum, 'PRODUCED', start),
    edge(start, 'IN_COMMIT', inCommit),
    edge(foreignInput, 'INPUT_OF', datum),
    edge(ownInput, 'INPUT_OF', datum),
    edge(subjectOfForeign, 'SUBJECT_OF', foreignInput),
    edge(subjectOfOwn, 'SUBJECT_OF', ownInput),
  ],
  truncated: true,
  properties: 'all',
};

describe('viewLineage', () => {
  const view = viewLineage(result, (project) => project === 'a');

  it("leaves out nodes of projects the request may not read, and subjects that touch none it may, counting them as hidden", () => {
    expect(view.nodes.map((n) => decodeStemmaGlobalId(n.globalId).id)).toEqual(['fv-a', 'job.key', commit, 'fv-a2', 'bob']);
    expect(view.hidden).toBe(2);
    expect(view.truncated).toBe(true);
  });

  it('keeps only the edges between shown nodes, with global ids at both ends', () => {
    const ids = (label: string, id: string) => encodeStemmaGlobalId(label, id);
    expect(view.edges).toEqual([
      { type: 'PRODUCED', from: ids('Datum', 'job.key'), to: ids('FileVersion', 'fv-a') },
      { type: 'IN_COMMIT', from: ids('FileVersion', 'fv-a'), to: commit },
      { type: 'INPUT_OF', from: ids('FileVersion', 'fv-a2'), to: ids('Datum', 'job.key') },
      { type: 'SUBJECT_OF', from: ids('Subject', 'bob'), to: ids('FileVersion', 'fv-a2') },
    ]);
  });

  it('shows a subject the lineage starts at, and everything to a request that reads every project', () => {
    const alone = [{ ...subjectOfForeign, depth: 0 }, foreignInput];
    const fromSubject = viewLineage({ nodes: alone, edges: [edgeIn(alone)(subjectOfForeign, 'SUBJECT_OF', foreignInput)], truncated: false, properties: 'all' }, () => false);
    expect(fromSubject.nodes.map((n) => n.label)).toEqual(['Subject']);
    expect(fromSubject.hidden).toBe(1);
    expect(viewLineage(result, () => true).hidden).toBe(0);
  });
});

describe('lineageCaption', () => {
  it('names each kind of node the way people refer to it', () => {
    expect(lineageCaption(start)).toBe('a/out:/x.csv');
    expect(lineageCaption(inCommit)).toBe(`a/out@${commit}`);
    expect(lineageCaption(node('Job', 'f'.repeat(32), 'a', 1, { pipelineId: 'a/train' }))).toBe('a/train job ffffffffffff');
    expect(lineageCaption(node('PipelineVersion', 'a/train@2', 'a', 1, { pipelineId: 'a/train', version: 2 }))).toBe('a/train v2');
    expect(lineageCaption(node('ModelVersion', `a/risk@${commit}`, 'a', 1, { modelId: 'a/risk', version: 3 }))).toBe('a/risk v3');
    expect(lineageCaption(node('Decision', 'd'.repeat(40), 'a', 1, { subjectId: 'alice' }))).toBe('decision dddddddddddd about alice');
    expect(lineageCaption(subjectOfOwn)).toBe('subject bob');
  });
});
