import { describe, expect, it } from 'vitest';
import { footprintNode } from '../test/support/erasure-nodes.js';
import { describeFootprint, footprintView } from './footprint-view.js';

const now = new Date('2024-05-01T12:00:05.000Z');

describe('footprintView', () => {
  it('flattens each list to its nodes', () => {
    const view = footprintView(footprintNode());
    expect(view.records.map((r) => r.fileVersionId)).toEqual(['fv1', 'fv2', 'fv3']);
    expect(view.derivedFiles).toEqual([]);
    expect(view.counts.records).toBe(3);
  });
});

describe('describeFootprint', () => {
  it('prints the counts per kind, then the repos, commits, model versions and decisions', () => {
    const text = describeFootprint(footprintView(footprintNode()), now);
    const lines = text.split('\n');
    expect(lines[0]).toBe('Subject u-42: footprint computed 5 seconds ago');
    expect(lines[2]).toMatch(/^KIND\s+COUNT$/);
    expect(text).toMatch(/^records\s+3\s+2 live, 1 historical$/m);
    expect(text).toMatch(/^decisions\s+2$/m);
    expect(text).toContain('\nRepos (1):\n');
    expect(text).toMatch(/^default\/applicants\s+3\s+2$/m);
    expect(text).toContain('\nCommits (2):\n');
    expect(text).toMatch(new RegExp(`^${'a'.repeat(32)}\\s+default/applicants\\s+2$`, 'm'));
    expect(text).toMatch(/^default\/loan\s+1\s+current\s+-$/m);
    expect(text).toMatch(/^d2\s+default\/loan@c+\s+30 minutes ago\s+yes \(erasure er-1\)$/m);
    expect(text).not.toContain('Lists show at most');
  });

  it('says when lists were cut, and when nothing reaches the subject', () => {
    expect(describeFootprint(footprintView(footprintNode({ truncated: true, limit: 2 })), now)).toContain('Lists show at most 2 of each kind');
    const none = footprintNode({ counts: { records: 0, liveRecords: 0, historicalRecords: 0, repos: 0, commits: 0, derivedFiles: 0, datums: 0, jobs: 0, modelVersions: 0, decisions: 0 } });
    expect(describeFootprint(footprintView(none), now)).toMatch(/Nothing in Stemma reaches subject u-42\.\n$/);
  });
});
