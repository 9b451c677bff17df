/**
 * Erasure requests for people: the plan (the dry run, section by section), the request in
 * detail with its steps, the verification with anything left, and the list table.
 */
import { shortId } from './job-progress.js';
import { formatAge } from './human-format.js';
import type { ErasureView, PlanView, StepView, VerificationView } from './erasure-views.js';
import { tableText } from './table-text.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const when = (iso: string | null | undefined, now: Date) => (iso ? `${formatAge(iso, now)} (${iso})` : '-');

/** What the plan found, in one line. */
export function describeFound(c: PlanView['counts']): string {
  const records = `${plural(c.records, 'record version')} (${c.liveRecords} live, ${c.historicalRecords} historical) in ${plural(c.repos, 'repo')} and ${plural(c.commits, 'commit')}`;
  return `${records}; ${plural(c.derivedFiles, 'derived file')}, ${plural(c.datums, 'datum')}, ${plural(c.jobs, 'job')}, ${plural(c.modelVersions, 'model version')}, ${plural(c.decisions, 'decision')}`;
}

/** The dry run, readably: what execution will delete, reprocess, retrain, shred and flag. */
export function describePlan(e: ErasureView, now: Date = new Date()): string {
  const plan = e.plan;
  if (!plan) return `Erasure ${e.id} (subject ${e.subjectId}) has no plan yet: run \`stemma erasure plan ${e.id}\`.\n`;
  const lines = [`Plan of erasure ${e.id} for subject ${e.subjectId}, made ${formatAge(plan.plannedAt, now)}`, `Found: ${describeFound(plan.counts)}`, ''];
  lines.push(`Deletion commits (${plan.deletionCommits.length}):`);
  lines.push(...indent(plan.deletionCommits.map((d) => `${d.repo}@${d.branch}  head ${shortId(d.headCommitId)}  deletes ${plural(d.paths.length, 'file')}: ${sample(d.paths)}`)));
  const datums = plan.reprocessing.reduce((n, r) => n + r.datumCount, 0);
  lines.push(`Datums to reprocess (${plural(datums, 'datum')} in ${plural(plan.reprocessing.length, 'pipeline')}):`);
  lines.push(...indent(plan.reprocessing.map((r) => `${r.pipeline}  ${plural(r.datumCount, 'datum')}${r.outputRepo ? ` -> ${r.outputRepo}` : ''}`)));
  lines.push(`Models to retrain (${plan.retraining.length}):`);
  lines.push(
    ...indent(plan.retraining.map((m) => `${m.model} v${m.version}${m.pipeline ? `  pipeline ${m.pipeline}` : ''}${m.trainingJobId ? `  trained by job ${shortId(m.trainingJobId)}` : ''}`)),
  );
  lines.push(`Historical versions to shred: ${plural(plan.shred.fileVersionCount, 'file version')} in ${plural(plan.shred.commitCount, 'commit')} (subject key ${plan.shred.keyId} is destroyed)`);
  lines.push(`Decisions to flag: ${plan.decisions.count}`);
  if (plan.truncated) lines.push('(some lists were cut at their bound; the counts are whole: see --json)');
  return `${lines.join('\n')}\n`;
}

function indent(items: string[]): string[] {
  return items.length ? items.map((i) => `  ${i}`) : ['  none'];
}

function sample(paths: string[], max = 3): string {
  return paths.length <= max ? paths.join(', ') : `${paths.slice(0, max).join(', ')}, … (${paths.length - max} more)`;
}

/** One step line: `✓ shred  key destroyed …` for a step ended, `· reprocess` for one to come. */
export function stepLine(step: StepView | string): string {
  if (typeof step === 'string') return `  · ${step}`;
  return `  ${step.state === 'done' ? '✓' : '✗'} ${step.step.padEnd(16)} ${step.summary}`;
}

/** A request in detail: who, when, its state, its steps, the verification and the certificate. */
export function describeErasure(e: ErasureView, now: Date = new Date()): string {
  const fields: [string, string][] = [
    ['Erasure', e.id],
    ['Subject', e.subjectId],
    ['State', e.state],
    ['Reason', e.reason],
    ['Requested', `${when(e.createdAt, now)} by token ${e.requestedBy}`],
    ['Approved', e.approvedBy ? `${when(e.approvedAt, now)} by token ${e.approvedBy}` : '-'],
    ['Planned', when(e.plannedAt, now)],
    ['Execution', e.executionStartedAt ? `started ${when(e.executionStartedAt, now)}${e.completedAt ? `, ended ${formatAge(e.completedAt, now)}` : ''}` : '-'],
  ];
  if (e.error) fields.push(['Error', e.error]);
  const width = Math.max(...fields.map(([l]) => l.length)) + 1;
  const lines = fields.map(([l, v]) => `${`${l}:`.padEnd(width)} ${v}`);
  if (e.plan) lines.push('', `Found: ${describeFound(e.plan.counts)}`);
  if (e.steps?.length || e.remainingSteps?.length) lines.push('', 'Steps:', ...(e.steps ?? []).map(stepLine), ...(e.remainingSteps ?? []).map(stepLine));
  if (e.verification) lines.push('', describeVerification(e.verification).trimEnd());
  if (e.certificate) lines.push('', `Certificate: ${e.certificate.htmlPath} (JSON ${e.certificate.jsonPath}, sha256 ${e.certificate.sha256}${e.certificate.auditEventSeq !== null ? `, audit event ${e.certificate.auditEventSeq}` : ''})`);
  return `${lines.join('\n')}\n`;
}

/** The verification: one line when nothing is left, the remaining items otherwise. */
export function describeVerification(v: VerificationView): string {
  const graph = v.graph.ok ? 'graph clean' : `graph: ${plural(v.graph.remaining.length, 'item')} still ${v.graph.remaining.length === 1 ? 'reaches' : 'reach'} the subject`;
  const storage = v.storage.ok ? `storage clean (${plural(v.storage.checked, 'object')} checked)` : `storage: ${plural(v.storage.remaining.length, 'object')} still readable`;
  const head = `Verification: ${v.ok ? 'OK' : 'FAILED'}, ${graph}, ${storage}`;
  const remaining = [...v.graph.remaining, ...v.storage.remaining].map((r) => `  ${r.kind}  ${r.id}  ${r.description}`);
  return `${[head, ...remaining].join('\n')}\n`;
}

/** The `list` table. */
export function erasureTable(rows: ErasureView[], now: Date = new Date()): string {
  return tableText(rows, [
    { header: 'id', value: (e) => e.id },
    { header: 'subject', value: (e) => e.subjectId },
    { header: 'state', value: (e) => e.state },
    { header: 'requested', value: (e) => formatAge(e.createdAt, now) },
    { header: 'requested by', value: (e) => e.requestedBy },
    { header: 'approved by', value: (e) => e.approvedBy },
    { header: 'updated', value: (e) => formatAge(e.updatedAt, now) },
  ]);
}
