import { describe, expect, it } from 'vitest';
import { auditFilterOf } from './audit-routes.js';
import { maskToken } from './report-auth.js';
import { reportFileOf, reportQueryOf } from './report-routes.js';

describe('reportFileOf', () => {
  it('splits the global id from the format', () => {
    expect(reportFileOf('Rm9vOmJhcg==.html')).toEqual({ globalId: 'Rm9vOmJhcg==', format: 'html' });
    expect(reportFileOf('0123456789abcdef0123456789abcdef.json')).toEqual({ globalId: '0123456789abcdef0123456789abcdef', format: 'json' });
  });

  it('is NOT_FOUND for any other ending', () => {
    expect(() => reportFileOf('abc.pdf')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => reportFileOf('abc')).toThrow(/<global id>.html or <global id>.json/);
  });
});

describe('reportQueryOf', () => {
  it('defaults to both directions, three hops', () => {
    expect(reportQueryOf({})).toEqual({ depth: 3, direction: 'BOTH' });
    expect(reportQueryOf({ depth: '10', direction: 'Upstream' })).toEqual({ depth: 10, direction: 'UPSTREAM' });
  });

  it('names the parameter that is wrong', () => {
    expect(() => reportQueryOf({ depth: '11' })).toThrow('depth: must be a whole number from 1 to 10, got "11"');
    expect(() => reportQueryOf({ depth: ['1', '2'] })).toThrow(/depth: must be/);
    expect(() => reportQueryOf({ direction: 'sideways' })).toThrow('direction: must be upstream, downstream or both, got "sideways"');
  });
});

describe('maskToken', () => {
  it('hides the token of a report URL from the logs, wherever it stands in the query', () => {
    expect(maskToken('/reports/lineage/x.html?token=stm_abc&depth=2')).toBe('/reports/lineage/x.html?token=[redacted]&depth=2');
    expect(maskToken('/reports/lineage/x.html?depth=2&token=stm_abc')).toBe('/reports/lineage/x.html?depth=2&token=[redacted]');
    expect(maskToken('/reports/lineage/x.html?depth=2')).toBe('/reports/lineage/x.html?depth=2');
  });
});

describe('auditFilterOf', () => {
  it('takes each filter given once as text, and skips empty ones', () => {
    expect(auditFilterOf({ actor: 'alice', action: '', from: '2024-05-01' })).toEqual({ actor: 'alice', from: '2024-05-01' });
    expect(() => auditFilterOf({ actor: ['a', 'b'] })).toThrow('actor: give it once, as text');
  });
});
