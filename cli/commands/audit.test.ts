import { describe, expect, it } from 'vitest';
import { describeVerification, exportQuery, type AuditVerificationView } from './audit.js';
import { lineageReportPath } from './report.js';

const event = { eventId: 'e-4', chain: 'main', seq: 4, actor: 'mallory', action: 'createRepo', target: 'default/images', at: '2024-05-01T10:00:00.000Z', argsDigest: 'a', summary: null, prevHash: 'b', hash: 'c' };

describe('describeVerification', () => {
  it('is one line for an intact chain', () => {
    expect(describeVerification({ chain: 'main', ok: true, checked: 12, headSeq: 12, firstBroken: null })).toBe('audit chain main: intact, 12 events checked (head seq 12)\n');
  });

  it('names the first broken link: seq, actor, action and what is wrong', () => {
    const broken: AuditVerificationView = { chain: 'main', ok: false, checked: 3, headSeq: 10, firstBroken: { seq: 4, reason: 'HASH_MISMATCH', problem: 'its stored fields no longer hash', event } };
    expect(describeVerification(broken)).toBe(
      [
        'audit chain main: BROKEN at seq 4 (hash mismatch)',
        '  actor:   mallory',
        '  action:  createRepo',
        '  target:  default/images',
        '  at:      2024-05-01T10:00:00.000Z',
        '  event:   e-4',
        '  problem: its stored fields no longer hash',
        "  3 events before it checked and intact; the chain's head is at seq 10",
        '',
      ].join('\n'),
    );
  });

  it('says a missing event has no fields to show', () => {
    const text = describeVerification({ chain: 'c', ok: false, checked: 1, headSeq: 5, firstBroken: { seq: 2, reason: 'MISSING_SEQ', problem: 'deleted', event: null } });
    expect(text).toContain('BROKEN at seq 2 (missing seq)');
    expect(text).not.toContain('actor:');
  });
});

describe('exportQuery', () => {
  it('maps the flags to the query of /v1/audit/events.csv', () => {
    expect(exportQuery({})).toBe('');
    expect(exportQuery({ actor: 'token:a(1)', since: '2024-05-01T00:00:00.000Z', until: '2024-05-02T00:00:00.000Z', chain: 'main' })).toBe(
      '?chain=main&actor=token%3Aa%281%29&from=2024-05-01T00%3A00%3A00.000Z&to=2024-05-02T00%3A00%3A00.000Z',
    );
  });
});

describe('lineageReportPath', () => {
  it('encodes the global id and adds only the options given', () => {
    expect(lineageReportPath('Rm9v/YmFy+=', { format: 'html' })).toBe('/reports/lineage/Rm9v%2FYmFy%2B%3D.html');
    expect(lineageReportPath('abc', { format: 'json', depth: 2, direction: 'upstream' })).toBe('/reports/lineage/abc.json?depth=2&direction=upstream');
  });
});
