import { describe, expect, it } from 'vitest';
import { fixtureAnalysis } from './subject-analysis-fixture.js';
import { toFootprint } from './subject-footprint.js';

describe('toFootprint', () => {
  it('counts every kind, marks live records and outputs, and lists the jobs of datums and models', () => {
    const fp = toFootprint(fixtureAnalysis(), 100, new Date(0));
    expect(fp.counts).toEqual({ records: 2, liveRecords: 2, historicalRecords: 0, repos: 1, commits: 2, derivedFiles: 3, datums: 4, jobs: 4, modelVersions: 2, decisions: 3 });
    expect(fp.records.map((r) => [r.path, r.live])).toEqual([['/a.csv/0001', true], ['/b.csv/0000', true]]);
    expect(fp.derivedFiles.map((f) => [f.fileVersionId, f.live])).toEqual([['f1', true], ['m1', false], ['m2', true]]);
    expect(fp.jobs.map((j) => j.id)).toEqual(['j1', 'j2', 't1', 't2']);
    expect(fp.truncated).toBe(true); // 3 decisions counted, 2 listed
  });

  it('cuts every list at the limit and says so', () => {
    const fp = toFootprint(fixtureAnalysis({ decisionCount: 2 }), 1, new Date(0));
    expect([fp.records.length, fp.datums.length, fp.modelVersions.length, fp.decisions.length]).toEqual([1, 1, 1, 1]);
    expect(fp.limit).toBe(1);
    expect(fp.truncated).toBe(true);
  });
});
