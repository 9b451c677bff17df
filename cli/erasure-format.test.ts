import { describe, expect, it } from 'vitest';
import { COUNTS, erasureNode } from '../test/support/erasure-nodes.js';
import { describeErasure, describeFound, describePlan, describeVerification, erasureTable, stepLine } from './erasure-format.js';
import { enumValue, erasureView, isFinalErasureState } from './erasure-views.js';

const now = new Date('2024-05-01T12:00:00.000Z');

describe('erasureView', () => {
  it('names the request by its erasure id and writes states and steps as the service does', () => {
    const view = erasureView(erasureNode());
    expect(view).toMatchObject({ id: 'er-1', state: 'executing', steps: [{ step: 'deletion-commits' }, { step: 'shred' }] });
    expect(view.remainingSteps).toEqual(['reprocess', 'supersede-models', 'flag-decisions', 'verify', 'certificate']);
    expect(view).not.toHaveProperty('erasureId');
    expect(enumValue('supersede-models')).toBe('SUPERSEDE_MODELS');
    expect([isFinalErasureState('verified'), isFinalErasureState('failed'), isFinalErasureState('verifying')]).toEqual([true, true, false]);
  });
});

describe('describePlan', () => {
  it('prints the dry run section by section', () => {
    const text = describePlan(erasureView(erasureNode()), now);
    expect(text.split('\n')).toEqual([
      'Plan of erasure er-1 for subject u-42, made 50 minutes ago',
      `Found: ${describeFound(COUNTS)}`,
      '',
      'Deletion commits (1):',
      '  default/applicants@master  head bbbbbbbbbbbb  deletes 2 files: /applicants.csv/0001, /applicants.csv/0002',
      'Datums to reprocess (2 datums in 1 pipeline):',
      '  default/features  2 datums -> default/features',
      'Models to retrain (1):',
      '  default/loan v1  pipeline default/train  trained by job eeeeeeeeeeee',
      'Historical versions to shred: 3 file versions in 2 commits (subject key key-u-42 is destroyed)',
      'Decisions to flag: 2',
      '',
    ]);
    expect(describeFound(COUNTS)).toBe('3 record versions (2 live, 1 historical) in 1 repo and 2 commits; 4 derived files, 3 datums, 2 jobs, 1 model version, 2 decisions');
  });

  it('says "none" for empty sections, and points to `plan` when there is no plan', () => {
    const empty = erasureNode();
    empty.plan = { ...empty.plan!, deletionCommits: [], reprocessing: [], retraining: [], truncated: true };
    const text = describePlan(erasureView(empty), now);
    expect(text).toContain('Deletion commits (0):\n  none\nDatums to reprocess (0 datums in 0 pipelines):\n  none\nModels to retrain (0):\n  none\n');
    expect(text).toContain('(some lists were cut at their bound');
    expect(describePlan(erasureView(erasureNode({ plan: null })), now)).toBe('Erasure er-1 (subject u-42) has no plan yet: run `stemma erasure plan er-1`.\n');
  });
});

describe('describeErasure', () => {
  it('shows who asked and approved, the steps ended and to come', () => {
    const text = describeErasure(erasureView(erasureNode()), now);
    expect(text).toContain('Requested: 1 hour ago (2024-05-01T11:00:00.000Z) by token tok-requester\n');
    expect(text).toContain('Approved:  40 minutes ago (2024-05-01T11:20:00.000Z) by token tok-approver\n');
    expect(text).toContain(`Steps:\n${stepLine({ step: 'deletion-commits', state: 'done', at: '', summary: '1 deletion commit on default/applicants@master' })}\n`);
    expect(text).toContain('  ✓ shred            key of u-42 destroyed\n  · reprocess\n  · supersede-models\n');
    expect(text).not.toContain('Certificate');
  });

  it('shows the error of a failed request, the verification and the certificate of a verified one', () => {
    const failed = describeErasure(erasureView(erasureNode({ state: 'FAILED', error: 'job x failed' })), now);
    expect(failed).toMatch(/^State: +failed$/m);
    expect(failed).toMatch(/^Error: +job x failed$/m);
    const verification = { ok: true, checkedAt: now.toISOString(), graph: { ok: true, remaining: [] }, storage: { ok: true, checked: 3, remaining: [] } };
    const certificate = { sha256: 'f'.repeat(64), htmlPath: '/reports/erasures/er-1/certificate.html', jsonPath: '/reports/erasures/er-1/certificate.json', auditEventSeq: 7, issuedAt: now.toISOString() };
    const done = describeErasure(erasureView(erasureNode({ state: 'VERIFIED', verification, certificate, remainingSteps: [] })), now);
    expect(done).toContain('Verification: OK, graph clean, storage clean (3 objects checked)\n');
    expect(done).toContain(`Certificate: /reports/erasures/er-1/certificate.html (JSON /reports/erasures/er-1/certificate.json, sha256 ${'f'.repeat(64)}, audit event 7)\n`);
  });
});

describe('describeVerification', () => {
  it('lists what is left when it fails', () => {
    const text = describeVerification({
      ok: false,
      checkedAt: now.toISOString(),
      graph: { ok: false, remaining: [{ kind: 'record', id: 'fv1', description: 'default/applicants@master:/a' }] },
      storage: { ok: true, checked: 2, remaining: [] },
    });
    expect(text).toBe('Verification: FAILED, graph: 1 item still reaches the subject, storage clean (2 objects checked)\n  record  fv1  default/applicants@master:/a\n');
  });
});

describe('erasureTable', () => {
  it('has one row per request', () => {
    const lines = erasureTable([erasureView(erasureNode())], now).split('\n');
    expect(lines[0]).toMatch(/^ID\s+SUBJECT\s+STATE\s+REQUESTED\s+REQUESTED BY\s+APPROVED BY\s+UPDATED$/);
    expect(lines[1]).toMatch(/^er-1\s+u-42\s+executing\s+1 hour ago\s+tok-requester\s+tok-approver\s+1 minute ago$/);
  });
});
