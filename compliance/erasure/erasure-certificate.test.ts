import { describe, expect, it } from 'vitest';
import { buildCertificate, certificateText } from './erasure-certificate.js';
import { renderCertificateHtml } from './certificate-html.js';
import { emptyExecution } from './erasure-record.js';
import type { ErasureRecord } from './erasure-types.js';

const record: ErasureRecord = {
  id: 'e1',
  subjectId: 'applicant-7',
  reason: 'asked to be forgotten <script>alert(1)</script>',
  requestedBy: 'alice',
  approvedBy: 'bob',
  state: 'verifying',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:10:00.000Z',
  plannedAt: '2026-01-01T00:01:00.000Z',
  approvedAt: '2026-01-01T00:02:00.000Z',
  executionStartedAt: '2026-01-01T00:03:00.000Z',
  completedAt: null,
  plan: null,
  steps: [{ step: 'deletion-commits', state: 'done', at: '2026-01-01T00:04:00.000Z', summary: '1 deletion commit(s)' }],
  execution: { ...emptyExecution(), deletionCommits: [{ repoId: 'p/applicants', branch: 'master', commitId: 'c9', commitSet: 'cs9', pathCount: 2 }], keyDestroyedAt: '2026-01-01T00:05:00.000Z' },
  verification: { ok: true, checkedAt: '2026-01-01T00:09:00.000Z', graph: { ok: true, remaining: [] }, storage: { ok: true, checked: 2, remaining: [] } },
  certificate: null,
  error: null,
};

describe('erasure certificates', () => {
  it('are built from the request alone, so building again gives the same bytes and hash', () => {
    const a = certificateText(buildCertificate(record));
    const b = certificateText(buildCertificate({ ...record }));
    expect(a).toEqual(b);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(a.jsonText)).toMatchObject({ kind: 'stemma.erasure-certificate', erasureId: 'e1', issuedAt: '2026-01-01T00:09:00.000Z', approvedBy: 'bob' });
  });

  it('render as a self-contained page that escapes what people typed', () => {
    const html = renderCertificateHtml(buildCertificate(record), { sha256: 'f'.repeat(64), auditEventSeq: 42, auditChain: 'main' });
    expect(html).toContain('asked to be forgotten &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/<link|src=/);
    expect(html).toContain('Verified: nothing of the subject remains');
    expect(html).toContain('c9');
    expect(html).toContain(`${'f'.repeat(64)}</code>, recorded as the argument digest of event 42`);
  });
});
