import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErasureRecord, ErasureService } from '../../compliance/erasure/index.js';
import { createNeo4jDecisionGraph } from '../../graph-schema/decisions/index.js';
import { readAllBytes } from '../../pfs/object-store/object-body.js';
import { parseFileRef } from '../../pfs/refs/index.js';
import type { ErasureWorkers } from '../../workers/compliance/create-erasure-engine.js';
import { loanWorld, type LoanWorld } from '../support/erasure-world.js';
import { pipelineEnv, type PipelineEnv } from '../support/pipeline-env.js';

let env: PipelineEnv;
let world: LoanWorld;
let erasures: ErasureService;
let workers: ErasureWorkers;
let keyDir: string;

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'stemma-erasure-keys-'));
  process.env.STEMMA_KEY_DIR = keyDir;
  env = await pipelineEnv();
  world = await loanWorld(env);
  erasures = world.erasures.service;
  workers = await world.erasures.startWorkers({ leaseMs: 3_000, lockMs: 2_000, stalledIntervalMs: 1_000 });
}, 180_000);

afterAll(async () => {
  await workers?.close();
  await env?.close();
  await rm(keyDir, { recursive: true, force: true });
  if (world) await rm(world.certificateDir, { recursive: true, force: true });
});

const ref = (repo: string, at: string, path = '/') => parseFileRef(`${env.project}/${repo}@${at}:${path}`);
const text = async (repo: string, at: string, path: string) => (await readAllBytes((await env.runtime.pfs.getFile(ref(repo, at, path))).stream)).toString('utf8');

async function subjectPaths(repo: string, at: string, subject: string): Promise<string[]> {
  const out: string[] = [];
  for await (const f of env.runtime.pfs.walkFiles(ref(repo, at))) if (f.subjects?.includes(subject)) out.push(f.path);
  return out;
}

async function approved(subject: string): Promise<ErasureRecord> {
  const requested = await erasures.request({ subjectId: subject, reason: 'GDPR art. 17 request by the applicant', requestedBy: 'alice' });
  await erasures.plan(requested.id);
  return erasures.approve(requested.id, 'bob');
}

describe('erasure end to end on the real stack', () => {
  let record: ErasureRecord;
  let oldPaths: string[];

  it('finds the footprint: both record versions, their datums, and the model versions trained on them', async () => {
    oldPaths = [...(await subjectPaths('applicants', world.c1, world.subject)), ...(await subjectPaths('applicants', world.c2, world.subject))];
    const fp = await erasures.footprint(world.subject);
    expect(fp.counts).toMatchObject({ records: 2, liveRecords: 2, historicalRecords: 0, repos: 1, commits: 2, modelVersions: 2 });
    expect(fp.counts.datums).toBe(4); // two feature datums, two training datums
    expect(fp.records.map((r) => r.path).sort()).toEqual([...new Set(oldPaths)].sort());
    expect(fp.modelVersions.map((m) => m.state).sort()).toEqual(['current', 'superseded']);
    const other = await erasures.footprint(world.others[0]!);
    expect(other.counts.records).toBe(1);
  });

  it('plans, refuses approval by the requester, and refuses steps out of order', async () => {
    const req = await erasures.request({ subjectId: world.subject, reason: 'GDPR art. 17 request by the applicant', requestedBy: 'alice' });
    expect(req.state).toBe('requested');
    await expect(erasures.approve(req.id, 'bob')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('is requested') });
    await expect(erasures.execute(req.id)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringMatching(/is requested.*plan it first/) });
    const planned = await erasures.plan(req.id);
    expect(planned.state).toBe('planned');
    expect(planned.plan?.deletionCommits).toEqual([{ repoId: `${env.project}/applicants`, branch: 'master', headCommitId: world.c2, paths: [...new Set(oldPaths)].sort() }]);
    expect(planned.plan?.retraining.map((r) => r.modelId)).toEqual([`${env.project}/scorer`]);
    expect(planned.plan?.reprocessing.map((r) => r.pipelineId).sort()).toEqual([`${env.project}/features`, `${env.project}/train`]);
    expect(planned.plan?.shred).toMatchObject({ keyId: `subject:${world.subject}`, fileVersionCount: 2, commitCount: 2 });
    await expect(erasures.approve(req.id, 'alice')).rejects.toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('requested by alice') });
    expect((await erasures.get(req.id)).state).toBe('planned');
    await expect(erasures.certificate(req.id)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('executes: deletion commit, shredded history, only affected datums reprocessed, model retrained, verified, certified', async () => {
    const decisions = createNeo4jDecisionGraph(env.runtime.graph);
    const [current] = await env.engine.service.listModelVersions(env.project, 'scorer', 1);
    const decision = await decisions.record({ id: randomUUID(), modelVersionId: current!.id, subjectId: world.subject, input: { income: 55_000 }, output: { approved: false }, madeAt: new Date().toISOString(), source: 'api' });

    record = await erasures.execute((await approved(world.subject)).id);
    expect(record.error).toBeNull();
    expect(record.state).toBe('verified');
    expect(record.steps.map((s) => s.step)).toEqual(['deletion-commits', 'shred', 'reprocess', 'supersede-models', 'flag-decisions', 'verify', 'certificate']);

    // The head holds no record of the subject; the others are untouched.
    const [deletion] = record.execution.deletionCommits;
    expect(record.execution.deletionCommits).toHaveLength(1);
    expect(deletion).toMatchObject({ repoId: `${env.project}/applicants`, branch: 'master', pathCount: 2 });
    expect((await env.runtime.pfs.inspectCommit(deletion!.commitId)).origin).toBe('erasure');
    expect(await subjectPaths('applicants', 'master', world.subject)).toEqual([]);
    for (const other of world.others) expect(await subjectPaths('applicants', 'master', other)).toHaveLength(1);

    // History is shredded: the old commit's record reads as ERASED; others still read.
    await expect(text('applicants', world.c1, oldPaths[0]!)).rejects.toMatchObject({ code: 'ERASED' });
    const otherPath = (await subjectPaths('applicants', world.c1, world.others[0]!))[0]!;
    expect(await text('applicants', world.c1, otherPath)).toContain('41000');

    // Only the affected datums reprocessed: no feature datum ran, the training datum did.
    const jobs = new Map(record.execution.reprocessedJobs.map((j) => [j.pipelineId.split('/')[1], j]));
    expect(jobs.get('features')).toMatchObject({ state: 'success', processed: 0, skipped: 3, total: 3 });
    expect(jobs.get('train')).toMatchObject({ state: 'success', processed: 1, total: 1 });

    // Retrained: a new current version on 3 features; the old ones superseded by this erasure.
    const versions = await env.engine.service.listModelVersions(env.project, 'scorer', 10);
    expect(versions.map((v) => [v.version, v.state])).toEqual([[3, 'current'], [2, 'superseded'], [1, 'superseded']]);
    expect(await text('train', 'master', '/model/weights.txt')).toMatch(/n=3$/);
    expect(record.execution.supersededModelVersions.map((m) => [m.id, m.replacedBy]).sort()).toEqual(
      [[versions[1]!.id, versions[0]!.id], [versions[2]!.id, versions[1]!.id]].sort(),
    );
    const fp = await erasures.footprint(world.subject);
    expect(fp.modelVersions.every((m) => m.supersededByErasure === record.id && m.state === 'superseded')).toBe(true);
    expect(fp.counts).toMatchObject({ records: 2, liveRecords: 0, historicalRecords: 2 });

    // Decisions about the subject are flagged.
    expect(record.execution.flaggedDecisions).toBe(1);
    expect(await decisions.getDecision(decision.id)).toMatchObject({ flagged: true, flaggedByErasure: record.id });

    // Verified in the graph and in storage.
    expect(record.verification).toMatchObject({ ok: true, graph: { ok: true, remaining: [] }, storage: { ok: true, checked: 2, remaining: [] } });

    // The certificate: its hash is the digest of the audit chain's erasure.certificate event, and the chain verifies.
    const cert = await erasures.certificate(record.id);
    expect(cert.json).toMatchObject({ erasureId: record.id, subjectId: world.subject, requestedBy: 'alice', approvedBy: 'bob' });
    expect(cert.html).toContain('Certificate of erasure');
    expect(cert.html).toContain(cert.sha256);
    const [event] = (await world.audit.listAuditEvents({ action: 'erasure.certificate', target: record.id })).events;
    expect(event?.argsDigest).toBe(cert.sha256);
    expect(record.certificate).toMatchObject({ sha256: cert.sha256, auditEventSeq: event!.seq, objectKeys: { json: `certificates/${record.id}.json` } });
    const onDisk = await readFile(record.certificate!.localPaths!.json, 'utf8');
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(cert.sha256);
    expect((await world.audit.verifyAuditChain()).ok).toBe(true);
    const actions = (await world.audit.listAuditEvents({ target: record.id, first: 100 })).events.map((e) => e.action);
    expect(actions).toEqual(['erasure.request', 'erasure.plan', 'erasure.approve', 'erasure.execute', ...record.steps.map((s) => `erasure.${s.step}`)]);

    // Verifying again passes, leaves the request verified, and is itself audited.
    expect((await erasures.verify(record.id)).ok).toBe(true);
    expect((await erasures.get(record.id)).state).toBe('verified');
    const again = (await world.audit.listAuditEvents({ target: record.id, first: 100 })).events.map((e) => e.action);
    expect(again.at(-1)).toBe('erasure.verify');
  });

  it('fails verification loudly when a record of the subject is put back, naming it', async () => {
    await env.createRepo('restored');
    await env.runtime.pfs.copyFile(ref('applicants', world.c1, oldPaths[0]!), { project: env.project, repo: 'restored', branch: 'master', path: '/restored-record' });
    const verification = await erasures.verify(record.id);
    expect(verification.ok).toBe(false);
    expect(verification.graph.remaining).toEqual([
      { kind: 'record', id: `${env.project}/restored@master:/restored-record`, description: `${env.project}/restored@master:/restored-record still holds a record of the subject` },
    ]);
    expect(verification.storage.ok).toBe(true);
    const failed = await erasures.get(record.id);
    expect(failed.state).toBe('failed');
    expect(failed.error).toContain(`${env.project}/restored@master:/restored-record still holds a record of the subject`);
  });
});
