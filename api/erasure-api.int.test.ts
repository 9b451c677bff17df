/**
 * Footprint and erasure through the API on the real stack: the loan story's records and
 * pipelines, erasure workers, and tokens per role. The workflow runs as two compliance
 * officers; auditors read and verify; readers and writers are refused.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from '../compliance/audit/index.js';
import { createNeo4jAuditGraph } from '../graph-schema/audit/index.js';
import { erasureServiceOf } from './erasure/erasure-service-of.js';
import { erasureApiWorld, type ErasureApiWorld } from '../test/support/erasure-api.js';
import type { GraphqlResponse } from '../test/support/pfs-api.js';
import type { ErasureNode } from '../cli/erasure-views.js';
import type { FootprintNode } from '../cli/footprint-view.js';

let w: ErasureApiWorld;

beforeAll(async () => {
  w = await erasureApiWorld();
}, 240_000);

afterAll(async () => {
  await w?.close();
});

const ERASURE = `id erasureId subjectId reason state requestedBy approvedBy remainingSteps error
  plan { counts { records liveRecords } deletionCommits { repo branch paths } reprocessing { pipeline datumCount } retraining { model version } shred { fileVersionCount commitCount } decisions { count } }
  steps { step state summary }
  execution { deletionCommits { repo commitId } keyDestroyedAt supersededModelVersions { model } }
  verification { ok graph { ok } storage { ok checked } }
  certificate { sha256 htmlPath jsonPath auditEventSeq }`;
const FOOTPRINT = `query($s: String!, $p: String) { subjectFootprint(subjectId: $s, project: $p) {
  subjectId counts { records liveRecords historicalRecords repos commits datums modelVersions }
  records(first: 10) { totalCount edges { node { repo path live commitIds } } }
  modelVersions { totalCount edges { node { model version state } } } } }`;
const REQUEST = `mutation($s: String!, $r: String!) { requestErasure(subjectId: $s, reason: $r) { ${ERASURE} } }`;
const PLAN = `mutation($id: ID!) { planErasure(id: $id) { ${ERASURE} } }`;
const APPROVE = `mutation($id: ID!) { approveErasure(id: $id) { ${ERASURE} } }`;
const EXECUTE = `mutation($id: ID!, $wait: Boolean) { executeErasure(id: $id, wait: $wait) { ${ERASURE} } }`;
const VERIFY = `mutation($id: ID!) { verifyErasure(id: $id) { verification { ok graph { ok remaining { kind id } } storage { ok } } erasure { state } } }`;
const GET = `query($id: ID!) { erasure(id: $id) { ${ERASURE} } }`;
const LIST = `query($s: String, $state: ErasureState) { erasures(subjectId: $s, state: $state, first: 10) { edges { node { erasureId state } } pageInfo { hasNextPage endCursor } } }`;

/** The request as the ERASURE selection reads it. */
type Erasure = { [K in keyof ErasureNode]-?: NonNullable<ErasureNode[K]> } & { id: string };
type Footprint = FootprintNode;
type Listed = { edges: { node: { erasureId: string; state: string } }[] };

/** The data of an answer, as one token; fails the test on any error. */
async function as<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await w.api.graphql<Record<string, T>>(query, variables, { token });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0]!;
}

/** The `extensions.code` of the first error (or OK), as one token (null: none). */
async function codeAs(token: string | null, query: string, variables: Record<string, unknown>): Promise<string> {
  const res: GraphqlResponse<unknown> = await w.api.graphql(query, variables, { token });
  return res.errors?.[0] ? String(res.errors[0].extensions?.code) : 'OK';
}

const pick = (o: object, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => keys.includes(k)));

const get = (token: string, path: string) => fetch(`${w.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('footprint and erasure over GraphQL', () => {
  it('runs the whole workflow: footprint, request, plan, approval by another officer, execution, verification, certificate', async () => {
    const { officer1, officer2, auditor } = w.tokens;
    const subject = w.world.subject;
    const project = w.env.project;

    const footprint = await as<Footprint>(auditor.token, FOOTPRINT, { s: subject, p: project });
    expect(footprint.counts).toMatchObject({ records: 2, liveRecords: 2, historicalRecords: 0, repos: 1, commits: 2 });
    expect(footprint.records.totalCount).toBe(2);
    expect(footprint.records.edges.every((e) => e.node.repo === `${project}/applicants` && e.node.live)).toBe(true);
    // The API answers what the service finds.
    const found = await erasureServiceOf(w.env.runtime, w.env.engine.service).footprint(subject, { project });
    expect(footprint.counts).toEqual(pick(found.counts, Object.keys(footprint.counts)));
    expect(footprint.modelVersions.totalCount).toBe(found.counts.modelVersions);
    expect(footprint.modelVersions.edges.map((e) => e.node.model)).toEqual(found.modelVersions.map((m) => m.modelId));

    const requested = await as<Erasure>(officer1.token, REQUEST, { s: subject, r: 'GDPR art. 17 request by the applicant' });
    expect(requested).toMatchObject({ subjectId: subject, state: 'REQUESTED', requestedBy: officer1.record.id, approvedBy: null, plan: null, steps: [] });
    expect(requested.remainingSteps).toEqual(['DELETION_COMMITS', 'SHRED', 'REPROCESS', 'SUPERSEDE_MODELS', 'FLAG_DECISIONS', 'VERIFY', 'CERTIFICATE']);
    const id: string = requested.erasureId;

    const planned = await as<Erasure>(officer1.token, PLAN, { id });
    expect(planned.state).toBe('PLANNED');
    expect(planned.plan.counts).toEqual({ records: 2, liveRecords: 2 });
    expect(planned.plan.deletionCommits).toEqual([{ repo: `${project}/applicants`, branch: 'master', paths: expect.any(Array) }]);
    expect(planned.plan.deletionCommits[0]!.paths).toHaveLength(2);
    expect(planned.plan.reprocessing.map((r) => r.pipeline).sort()).toEqual([`${project}/features`, `${project}/train`]);
    expect(planned.plan.retraining.map((r) => r.model)).toEqual([`${project}/scorer`]);
    expect(planned.plan.shred).toEqual({ fileVersionCount: 2, commitCount: 2 });

    const approved = await as<Erasure>(officer2.token, APPROVE, { id: requested.id });
    expect(approved).toMatchObject({ state: 'APPROVED', requestedBy: officer1.record.id, approvedBy: officer2.record.id });

    const executed = await as<Erasure>(officer2.token, EXECUTE, { id, wait: true });
    expect(executed.error).toBeNull();
    expect(executed.state).toBe('VERIFIED');
    expect(executed.remainingSteps).toEqual([]);
    expect(executed.steps.map((s) => s.step)).toEqual(['DELETION_COMMITS', 'SHRED', 'REPROCESS', 'SUPERSEDE_MODELS', 'FLAG_DECISIONS', 'VERIFY', 'CERTIFICATE']);
    expect(executed.execution.deletionCommits).toHaveLength(1);
    expect(executed.execution.keyDestroyedAt).not.toBeNull();
    expect(executed.verification).toMatchObject({ ok: true, graph: { ok: true }, storage: { ok: true } });
    expect(executed.certificate).toMatchObject({ htmlPath: `/reports/erasures/${id}/certificate.html`, jsonPath: `/reports/erasures/${id}/certificate.json` });

    const verified = await as<{ verification: Erasure['verification']; erasure: Erasure }>(auditor.token, VERIFY, { id });
    expect(verified).toMatchObject({ verification: { ok: true, graph: { ok: true, remaining: [] }, storage: { ok: true } }, erasure: { state: 'VERIFIED' } });
    expect((await as<Footprint>(auditor.token, FOOTPRINT, { s: subject, p: project })).counts.liveRecords).toBe(0);
    expect((await as<Erasure>(auditor.token, GET, { id: requested.id })).erasureId).toBe(id);
    const listed = await as<Listed>(auditor.token, LIST, { s: subject, state: 'VERIFIED' });
    expect(listed.edges.map((e) => e.node)).toEqual([{ erasureId: id, state: 'VERIFIED' }]);

    // The certificate: an HTML page naming the subject, and the JSON whose sha256 the audit chain holds.
    const html = await get(auditor.token, executed.certificate.htmlPath);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain(subject);
    const json = await get(officer1.token, executed.certificate.jsonPath);
    expect(json.status).toBe(200);
    const body = await json.text();
    const sha256 = createHash('sha256').update(body, 'utf8').digest('hex');
    expect(sha256).toBe(executed.certificate.sha256);
    expect(json.headers.get('x-stemma-certificate-sha256')).toBe(sha256);
    expect(JSON.parse(body)).toMatchObject({ kind: 'stemma.erasure-certificate', erasureId: id, subjectId: subject, requestedBy: officer1.record.id, approvedBy: officer2.record.id });
    const audit = createAuditLog({ graph: createNeo4jAuditGraph(w.env.runtime.graph) });
    const { events } = await audit.listAuditEvents({ action: 'erasure.certificate', target: id });
    expect(events.map((e) => [e.seq, e.argsDigest])).toEqual([[executed.certificate.auditEventSeq, sha256]]);

    // Every mutation through the API went into the chain, under the token that made it.
    const approvals = await audit.listAuditEvents({ action: 'approveErasure', target: requested.id });
    expect(approvals.events.map((e) => e.actor)).toEqual([`token:${officer2.record.name}(${officer2.record.id})`]);
  }, 300_000);

  it('refuses approval by the requester, and steps out of order', async () => {
    const { officer1, officer2 } = w.tokens;
    const requested = await as<Erasure>(officer1.token, REQUEST, { s: w.world.others[0], r: 'asked by the applicant' });
    const id = requested.erasureId;
    expect(await codeAs(officer2.token, APPROVE, { id })).toBe('FAILED_PRECONDITION');
    expect(await codeAs(officer2.token, EXECUTE, { id })).toBe('FAILED_PRECONDITION');
    await as<Erasure>(officer1.token, PLAN, { id });
    const own = await w.api.graphql(APPROVE, { id }, { token: officer1.token });
    expect(own.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining(officer1.record.id) });
    expect((await as<Erasure>(officer2.token, GET, { id })).state).toBe('PLANNED');
    expect(await codeAs(officer2.token, VERIFY, { id })).toBe('FAILED_PRECONDITION');
    expect(await codeAs(officer2.token, EXECUTE, { id })).toBe('FAILED_PRECONDITION');
    const certificate = await get(officer2.token, `/reports/erasures/${id}/certificate.json`);
    expect(certificate.status).toBe(412);
    expect(await certificate.json()).toMatchObject({ error: { code: 'FAILED_PRECONDITION' } });
  });

  it('lets auditors read and verify but not act; refuses readers, writers and requests without a token', async () => {
    const { officer1, auditor, reader, writer } = w.tokens;
    const requested = await as<Erasure>(officer1.token, REQUEST, { s: w.world.others[1], r: 'asked by the applicant' });
    const id = requested.erasureId;
    const footprint = { s: w.world.others[1], p: w.env.project };

    expect(await codeAs(auditor.token, FOOTPRINT, footprint)).toBe('OK');
    expect(await codeAs(auditor.token, GET, { id })).toBe('OK');
    expect(await codeAs(auditor.token, LIST, {})).toBe('OK');
    expect(await codeAs(auditor.token, `query($id: ID!) { node(id: $id) { ... on ErasureRequest { erasureId } } }`, { id: requested.id })).toBe('OK');
    for (const mutation of [REQUEST, PLAN, APPROVE, EXECUTE]) expect(await codeAs(auditor.token, mutation, { id, s: 'x', r: 'y' })).toBe('FORBIDDEN');

    for (const token of [reader.token, writer.token]) {
      for (const [query, vars] of [[FOOTPRINT, footprint], [GET, { id }], [LIST, {}], [REQUEST, { s: 'x', r: 'y' }], [PLAN, { id }], [APPROVE, { id }], [EXECUTE, { id }], [VERIFY, { id }]] as const) {
        expect(await codeAs(token, query, vars), query.slice(0, 40)).toBe('FORBIDDEN');
      }
      expect(await codeAs(token, `query($id: ID!) { node(id: $id) { ... on ErasureRequest { erasureId } } }`, { id: requested.id })).toBe('FORBIDDEN');
      expect((await get(token, `/reports/erasures/${id}/certificate.html`)).status).toBe(403);
    }
    expect(await codeAs(null, FOOTPRINT, footprint)).toBe('UNAUTHENTICATED');
    expect(await codeAs(null, REQUEST, { s: 'x', r: 'y' })).toBe('UNAUTHENTICATED');
    const anonymous = await fetch(`${w.api.url}/reports/erasures/${id}/certificate.html`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()) as unknown).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    // A compliance officer of one project may read its footprint, but not file an erasure, which reaches every project.
    const local = await w.api.mintToken([{ role: 'compliance', project: w.env.project }]);
    expect(await codeAs(local.token, FOOTPRINT, footprint)).toBe('OK');
    expect(await codeAs(local.token, FOOTPRINT, { s: 'x' })).toBe('FORBIDDEN');
    expect(await codeAs(local.token, REQUEST, { s: 'x', r: 'y' })).toBe('FORBIDDEN');
  });
});
