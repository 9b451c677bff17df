/**
 * The certificate as one self-contained HTML page (inline style, no script, nothing fetched):
 * who asked and approved, what was found, changed, shredded, reprocessed and retrained, what
 * the verification checked, and how to check the certificate against the audit chain.
 */
import type { ErasureCertificate, FootprintCounts, RemainingItem } from './erasure-types.js';

export interface CertificateSeal {
  sha256: string;
  auditEventSeq: number;
  auditChain: string;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d232b}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccd;padding-bottom:.2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e4e6ea;vertical-align:top}
th{background:#f4f5f7;font-weight:600}code{font:13px ui-monospace,monospace;word-break:break-all}
.verdict{display:inline-block;padding:.2rem .7rem;border-radius:1rem;font-weight:600}.ok{background:#dff3e4;color:#17602a}.bad{background:#fbe3e3;color:#8a1c1c}
.muted{color:#5b6470}`;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function table(headers: string[], rows: unknown[][], empty: string): string {
  if (rows.length === 0) return `<p class="muted">${escapeHtml(empty)}</p>`;
  const head = `<tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

const COUNT_LABELS: [keyof FootprintCounts, string][] = [
  ['records', 'Record versions tagged with the subject'],
  ['liveRecords', 'of which in a branch head'],
  ['historicalRecords', 'of which only in history'],
  ['repos', 'Repos'],
  ['commits', 'Commits that wrote them'],
  ['derivedFiles', 'Derived files'],
  ['datums', 'Datums'],
  ['jobs', 'Jobs'],
  ['modelVersions', 'Model versions'],
  ['decisions', 'Decisions'],
];

function remainingRows(items: RemainingItem[]): unknown[][] {
  return items.map((i) => [i.kind, i.description]);
}

export function renderCertificateHtml(c: ErasureCertificate, seal: CertificateSeal): string {
  const v = c.verification;
  const ok = v?.ok === true;
  const x = c.execution;
  const sections = [
    `<h1>Certificate of erasure</h1><p class="muted">Stemma erasure <code>${escapeHtml(c.erasureId)}</code>, issued ${escapeHtml(c.issuedAt)}</p>`,
    `<p><span class="verdict ${ok ? 'ok' : 'bad'}">${ok ? 'Verified: nothing of the subject remains' : 'Not verified'}</span></p>`,
    '<h2>Request</h2>',
    table(['', ''], [
      ['Subject', c.subjectId],
      ['Reason', c.reason],
      ['Requested by', `${c.requestedBy} at ${c.requestedAt}`],
      ['Approved by', c.approvedBy ? `${c.approvedBy} at ${c.approvedAt ?? ''}` : '-'],
      ['Executed', `${c.executionStartedAt ?? '-'} to ${c.completedAt ?? '-'}`],
    ], ''),
    '<h2>Found</h2>',
    c.found ? table(['What', 'Count'], COUNT_LABELS.map(([k, label]) => [label, c.found![k]]), '') : '<p class="muted">No plan was recorded.</p>',
    '<h2>Changed: deletion commits</h2>',
    table(['Repo', 'Branch', 'Commit', 'Commit set', 'Files removed'], x.deletionCommits.map((d) => [d.repoId, d.branch, d.commitId, d.commitSet, d.pathCount]), 'No branch head held records of the subject.'),
    '<h2>History: crypto-shredding</h2>',
    table(['', ''], [
      ['Key destroyed', x.keyDestroyedAt ?? '-'],
      ['Key', c.plan?.shred.keyId ?? '-'],
      ['Historical record versions made unreadable', c.plan?.shred.fileVersionCount ?? '-'],
      ['Commits that held them', c.plan?.shred.commitCount ?? '-'],
    ], ''),
    '<h2>Reprocessed</h2>',
    table(['Pipeline', 'Job', 'State', 'Datums processed', 'Skipped (reused)', 'Total'], x.reprocessedJobs.map((j) => [j.pipelineId, j.jobId, j.state, j.processed, j.skipped, j.total]), 'No pipeline read the changed branches.'),
    '<h2>Retrained</h2>',
    table(['Model version superseded by this erasure', 'Model', 'Replaced by'], x.supersededModelVersions.map((m) => [m.id, m.modelId, m.replacedBy ?? 'no new version']), 'No model was trained on the subject\'s records.'),
    `<h2>Decisions</h2><p>${escapeHtml(x.flaggedDecisions)} decision(s) about the subject flagged.</p>`,
    '<h2>Verification</h2>',
    v
      ? table(['Check', 'Result'], [
          ['Graph: no branch head, current model version or live output reaches the subject', v.graph.ok ? 'passed' : `failed (${v.graph.remaining.length} left)`],
          ['Storage: every historical record version reads as erased', v.storage.ok ? `passed (${v.storage.checked} versions read)` : `failed (${v.storage.remaining.length} left)`],
          ['Checked at', v.checkedAt],
        ], '') + table(['Left', 'What'], remainingRows([...v.graph.remaining, ...v.storage.remaining]), 'Nothing left.')
      : '<p class="muted">Not verified.</p>',
    '<h2>Steps</h2>',
    table(['Step', 'State', 'At', 'Summary'], c.steps.map((s) => [s.step, s.state, s.at, s.summary]), 'No step recorded.'),
    '<h2>Seal</h2>',
    `<p>The JSON certificate (<code>certificates/${escapeHtml(c.erasureId)}.json</code>) has sha256 <code>${escapeHtml(seal.sha256)}</code>, recorded as the argument digest of event ${escapeHtml(seal.auditEventSeq)} (<code>erasure.certificate</code>) of audit chain <code>${escapeHtml(seal.auditChain)}</code>. Check it with <code>sha256sum</code> and <code>stemma audit verify</code>.</p>`,
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Certificate of erasure ${escapeHtml(c.erasureId)}</title><style>${STYLE}</style></head>
<body>
${sections.join('\n')}
</body></html>
`;
}
