/**
 * The certificate of an erasure: the request's account (found, changed, reprocessed, retrained,
 * verified) as JSON, its sha256 recorded in the audit chain, and a readable HTML page. Built
 * only from what the request stores, so building it again after a crash gives the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ERASURE_ACTOR, type ErasureContext } from './erasure-context.js';
import { renderCertificateHtml } from './certificate-html.js';
import type { ErasureCertificate, ErasureCertificateRef, ErasureRecord } from './erasure-types.js';

export interface IssuedCertificate {
  json: ErasureCertificate;
  jsonText: string;
  html: string;
  sha256: string;
}

/** Object store keys of a certificate. */
export function certificateKeys(erasureId: string): { json: string; html: string } {
  return { json: `certificates/${erasureId}.json`, html: `certificates/${erasureId}.html` };
}

export function buildCertificate(record: ErasureRecord): ErasureCertificate {
  const issuedAt = record.verification?.checkedAt ?? record.updatedAt;
  return {
    kind: 'stemma.erasure-certificate',
    version: 1,
    erasureId: record.id,
    subjectId: record.subjectId,
    reason: record.reason,
    requestedBy: record.requestedBy,
    approvedBy: record.approvedBy,
    requestedAt: record.createdAt,
    approvedAt: record.approvedAt,
    executionStartedAt: record.executionStartedAt,
    completedAt: issuedAt,
    issuedAt,
    found: record.plan?.counts ?? null,
    plan: record.plan,
    execution: record.execution,
    steps: record.steps,
    verification: record.verification,
  };
}

export function certificateText(cert: ErasureCertificate): { jsonText: string; sha256: string } {
  const jsonText = `${JSON.stringify(cert, null, 2)}\n`;
  return { jsonText, sha256: createHash('sha256').update(jsonText, 'utf8').digest('hex') };
}

/**
 * Builds the certificate, records its hash in the audit chain (once), and stores the JSON and
 * the HTML in the object store, and on disk when a certificate directory is configured.
 */
export async function issueCertificate(ctx: ErasureContext, record: ErasureRecord): Promise<{ issued: IssuedCertificate; ref: ErasureCertificateRef }> {
  const json = buildCertificate(record);
  const { jsonText, sha256 } = certificateText(json);
  const event = await ctx.auditOnce({ actor: ERASURE_ACTOR, action: 'erasure.certificate', target: record.id, argsDigest: sha256, summary: `certificate sha256 ${sha256}` });
  const html = renderCertificateHtml(json, { sha256, auditEventSeq: event.seq, auditChain: ctx.deps.audit.chain });
  const keys = certificateKeys(record.id);
  await ctx.deps.objects.put(keys.json, Buffer.from(jsonText, 'utf8'));
  await ctx.deps.objects.put(keys.html, Buffer.from(html, 'utf8'));
  let localPaths: { json: string; html: string } | null = null;
  if (ctx.deps.certificateDir) {
    await mkdir(ctx.deps.certificateDir, { recursive: true });
    localPaths = { json: join(ctx.deps.certificateDir, `${record.id}.json`), html: join(ctx.deps.certificateDir, `${record.id}.html`) };
    await writeFile(localPaths.json, jsonText, 'utf8');
    await writeFile(localPaths.html, html, 'utf8');
  }
  const ref: ErasureCertificateRef = { sha256, objectKeys: keys, localPaths, auditEventSeq: event.seq, issuedAt: json.issuedAt };
  return { issued: { json, jsonText, html, sha256 }, ref };
}
