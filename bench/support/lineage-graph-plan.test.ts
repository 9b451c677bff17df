import { describe, expect, it } from 'vitest';
import { isCommitId } from '../../pfs/refs/commit-id.js';
import {
  DEFAULT_SIZES,
  checkSizes,
  commitOfRecord,
  ids,
  modelVersionOfDecision,
  plannedNodes,
  plannedRelationships,
  recordsUpTo,
  subjectOfDecision,
  trainingSlice,
  type LineageGraphSizes,
} from './lineage-graph-plan.js';
import { decisionRow, featureRow, recordRow, trainingRound } from './lineage-graph-rows.js';
import { lineageGraphSkeleton } from './lineage-graph-skeleton.js';

const small: LineageGraphSizes = { records: 1_000, commits: 4, sliceStep: 50, decisions: 1_000 };
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

describe('the lineage benchmark plan', () => {
  it('holds at least a million nodes by default', () => {
    expect(sum(plannedNodes(DEFAULT_SIZES))).toBeGreaterThanOrEqual(1_000_000);
    expect(() => checkSizes(DEFAULT_SIZES)).not.toThrow();
  });

  it('spreads records over the commits, each round holding those before it', () => {
    const counts = Array.from({ length: small.commits }, () => 0);
    for (let r = 0; r < small.records; r++) counts[commitOfRecord(small, r)]! += 1;
    expect(counts).toEqual([250, 250, 250, 250]);
    expect(recordsUpTo(small, 0)).toBe(250);
    expect(recordsUpTo(small, 3)).toBe(1_000);
    const uneven: LineageGraphSizes = { ...small, records: 1_001, commits: 3 };
    for (let k = 0; k < 3; k++) {
      const n = Array.from({ length: 1_001 }, (_, r) => r).filter((r) => commitOfRecord(uneven, r) <= k).length;
      expect(recordsUpTo(uneven, k)).toBe(n);
    }
  });

  it('trains version k on sliceStep * (k + 1) distinct feature files that exist by round k', () => {
    for (let k = 0; k < small.commits; k++) {
      const slice = trainingSlice(small, k);
      expect(slice).toHaveLength(small.sliceStep * (k + 1));
      expect(new Set(slice).size).toBe(slice.length);
      expect(Math.max(...slice)).toBeLessThan(recordsUpTo(small, k));
    }
  });

  it('spreads decisions evenly over model versions and makes each subject the subject of one', () => {
    const subjects = new Set(Array.from({ length: small.decisions }, (_, i) => subjectOfDecision(small, i)));
    expect(subjects.size).toBe(small.records);
    const perVersion = Array.from({ length: small.commits }, () => 0);
    for (let i = 0; i < small.decisions; i++) perVersion[modelVersionOfDecision(small, i)]! += 1;
    expect(perVersion).toEqual([250, 250, 250, 250]);
  });

  it('refuses slices larger than the features that exist', () => {
    expect(() => checkSizes({ ...small, sliceStep: 300 })).toThrow(/model version 0 would train on 300/);
    expect(() => checkSizes({ ...small, commits: 0 })).toThrow(/positive integers: commits/);
  });

  it('gives ids of the forms the real code writes, stable from run to run', () => {
    expect(isCommitId(ids.commit('features', 3))).toBe(true);
    expect(ids.commit('features', 3)).toBe(ids.commit('features', 3));
    expect(ids.commit('features', 3)).not.toBe(ids.commit('train', 3));
    expect(ids.decision(7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.recordPath(49)).toBe('/applicants/0000000000000031');
    expect(ids.modelVersion(2)).toBe(`bench-lineage/credit-risk@${ids.commit('train', 2)}`);
  });

  it('makes rows whose references are nodes of the plan', () => {
    const skeleton = lineageGraphSkeleton(small);
    const commits = new Set(skeleton.commits.map((c) => c.id));
    const jobs = new Set(skeleton.jobs.map((j) => j.id));
    const record = recordRow(small, 600);
    expect(commits.has(record.commitId)).toBe(true);
    expect(record.file.subjects).toEqual([record.subjectId]);
    const feature = featureRow(small, 600);
    expect(feature.inputId).toBe(record.file.id);
    expect(jobs.has(feature.jobId)).toBe(true);
    expect(feature.datum.id).toBe(`${feature.jobId}.${String(feature.datum.datumKey)}`);
    const round = trainingRound(small, 2);
    expect(jobs.has(round.jobId)).toBe(true);
    expect(round.inputIds).toEqual(trainingSlice(small, 2).map((r) => ids.feature(r)));
    expect(round.previousVersionId).toBe(ids.modelVersion(1));
    expect(trainingRound(small, 3).version.state).toBe('current');
    const decision = decisionRow(small, 999);
    expect(decision.modelVersionId).toBe(ids.modelVersion(3));
    expect(JSON.parse(String(decision.decision.output))).toHaveProperty('score');
  });

  it('counts as many relationships as the rows and skeleton make', () => {
    const skeleton = lineageGraphSkeleton(small);
    const rels = plannedRelationships(small);
    expect(rels.PARENT).toBe(skeleton.parents.length);
    expect(rels.PROVENANCE).toBe(skeleton.provenance.length);
    const slices = Array.from({ length: small.commits }, (_, k) => trainingRound(small, k).inputIds.length).reduce((a, b) => a + b, 0);
    expect(rels.INPUT_OF).toBe(skeleton.jobs.length + small.records + slices);
    expect(plannedNodes(small).Commit).toBe(skeleton.commits.length);
    expect(plannedNodes(small).Job).toBe(skeleton.jobs.length);
  });
});
