/**
 * The lineage report of a real lineage, end to end: a chain of two pipelines (words -> upper
 * -> shout) run by workers on the local stack, its report served by the API and rendered by
 * headless Chromium (Debian's, through playwright-core), and asserted on as a person sees it:
 * one shape per node with its name, the edges drawn, details on click, the erasures that
 * touched it, no console error and no request but the page itself. The CLI writes the same
 * report from the friendly node forms.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineageReport } from '../../compliance/reports/index.js';
import { runStemma } from '../support/cli-run.js';
import { launchChromium, openWatched } from '../support/headless-chromium.js';
import { startPfsApi, type PfsApiHarness } from '../support/pfs-api.js';
import { pipelineEnv, upperCase, type PipelineEnv } from '../support/pipeline-env.js';

/** Each CLI run starts a process from source (a few seconds on a busy machine). */
const CLI_TIMEOUT = 180_000;

let env: PipelineEnv;
let api: PfsApiHarness;
let browser: Browser;
let auditor: string;
let work: string;
/** The file version in the middle of the chain: upper:/a.txt, as its commit holds it. */
let middle: { ref: string; globalId: string; commitId: string };
let upperJob: string;
/** Global ids of the current version of the model `shouty` and of a decision it made. */
let modelVersion: string;
let decision: string;

const CREATE = 'mutation($spec: String!) { createPipeline(spec: $spec) { pipeline { name } } }';

beforeAll(async () => {
  env = await pipelineEnv();
  api = await startPfsApi({ runtime: env.runtime, pipelines: env.engine.service });
  auditor = (await api.mintToken([{ role: 'auditor', project: '*' }])).token;
  work = await mkdtemp(join(tmpdir(), 'stemma-reports-'));
  browser = await launchChromium();
  await api.query('mutation($p: String, $n: String!) { createRepo(project: $p, name: $n) { name } }', { p: env.project, n: 'words' });
  await put('words', '/a.txt', 'hello');
  await put('words', '/b.txt', 'world');
  for (const [name, input] of [['upper', 'words'], ['shout', 'upper']] as const) {
    // shout's output is also a model's files, so the model and a decision of it can be named too.
    const model = name === 'shout' ? { model: { name: 'shouty', path: '/' } } : {};
    await api.query(CREATE, { spec: JSON.stringify({ pipeline: { name, project: env.project }, input: { pfs: { repo: input, glob: '/*' } }, transform: { cmd: upperCase(input) }, ...model }) });
  }
  const last = await put('words', '/c.txt', 'again');
  for (const pipeline of ['upper', 'shout']) {
    const job = await env.jobOn(pipeline, last, 60_000);
    expect(job.state, `${pipeline}: ${job.error}`).toBe('success');
  }
  upperJob = (await env.jobOn('upper', last)).id;
  const ref = `${env.project}/upper@master:/a.txt`;
  const { file } = await api.query<{ file: { id: string; commit: { id: string } } }>('query($ref: String!) { file(ref: $ref) { id commit { id } } }', { ref });
  middle = { ref, globalId: file.id, commitId: file.commit.id };
  const { modelVersions } = await api.query<{ modelVersions: { id: string; state: string }[] }>('query($p: String, $n: String!) { modelVersions(project: $p, name: $n) { id state } }', { p: env.project, n: 'shouty' });
  modelVersion = modelVersions.find((v) => v.state === 'CURRENT')!.id;
  const recorded = await api.query<{ recordDecision: { id: string } }>('mutation($input: RecordDecisionInput!) { recordDecision(input: $input) { id } }', {
    input: { modelVersion, subjectId: `subject-${randomUUID()}`, input: { words: 3 }, output: { loud: true } },
  });
  decision = recorded.recordDecision.id;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
  await api?.close();
  await env?.close();
});

/** Puts a file through the HTTP endpoint; returns the commit set of the commit it made. */
async function put(repo: string, path: string, body: string): Promise<string> {
  const res = await api.fetch(`${api.url}/v1/pfs/${env.project}/${repo}/master/files/${path.slice(1)}`, { method: 'PUT', body });
  expect(res.status).toBe(200);
  const { commit } = (await res.json()) as { commit: { id: string } };
  return (await api.query<{ commit: { commitSet: string } }>('query($id: String!) { commit(id: $id) { commitSet } }', { id: commit.id })).commit.commitSet;
}

const reportUrl = (globalId: string, format: 'html' | 'json', query: Record<string, string> = {}) =>
  `${api.url}/reports/lineage/${encodeURIComponent(globalId)}.${format}${Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''}`;

async function jsonReport(globalId: string, query: Record<string, string> = {}): Promise<LineageReport> {
  const res = await fetch(reportUrl(globalId, 'json', query), { headers: { authorization: `Bearer ${auditor}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as LineageReport;
}

const byCaption = (r: LineageReport, caption: string) => r.nodes.find((n) => n.caption === caption);

describe('the lineage report as JSON', () => {
  it('holds the file version, where it came from and what came of it', async () => {
    const r = await jsonReport(middle.globalId);
    expect(r.root).toMatchObject({ label: 'FileVersion', caption: `${env.project}/upper:/a.txt`, role: 'root', project: env.project });
    expect(byCaption(r, `${env.project}/words:/a.txt`)).toMatchObject({ label: 'FileVersion', role: 'upstream' });
    expect(byCaption(r, `${env.project}/shout:/a.txt`)).toMatchObject({ label: 'FileVersion', role: 'downstream' });
    expect(r.nodes.filter((n) => n.label === 'Datum' && n.role === 'upstream')).toHaveLength(1);
    expect(r.edges).toContainEqual({ type: 'PRODUCED', from: expect.stringMatching(/^Datum:/), to: r.root.key });
    expect(r.edges).toContainEqual({ type: 'INPUT_OF', from: r.root.key, to: expect.stringMatching(/^Datum:/) });
    expect(byCaption(r, `${env.project}/upper v1`)).toMatchObject({ label: 'PipelineVersion', role: 'upstream' });
    const words = byCaption(r, `${env.project}/words:/a.txt`)!;
    expect(r.edges).toContainEqual({ type: 'INPUT_OF', from: words.key, to: expect.stringMatching(/^Datum:/) });
    expect(r.erasures).toEqual([]);
    expect(new Set(r.nodes.map((n) => n.key)).size).toBe(r.nodes.length);
  });

  it('follows one direction to the depth asked', async () => {
    const up = await jsonReport(middle.globalId, { direction: 'upstream', depth: '1' });
    expect(up.nodes.every((n) => n.role === 'root' || n.role === 'upstream')).toBe(true);
    expect(up.nodes.some((n) => n.label === 'Datum')).toBe(true);
    expect(byCaption(up, `${env.project}/words:/a.txt`)).toBeUndefined();
  });

  it('is for auditors: 401 without a token, 403 for a reader or an auditor of another project, 400 for a bad query', async () => {
    const as = (token: string | null, url: string) => fetch(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    expect((await as(null, reportUrl(middle.globalId, 'html'))).status).toBe(401);
    const reader = (await api.mintToken([{ role: 'reader', project: '*' }])).token;
    expect((await as(reader, reportUrl(middle.globalId, 'json'))).status).toBe(403);
    const elsewhere = (await api.mintToken([{ role: 'auditor', project: `other-${randomUUID().slice(0, 8)}` }])).token;
    const refused = await as(elsewhere, reportUrl(middle.globalId, 'json'));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(`audit project ${env.project}`);
    const ownProject = (await api.mintToken([{ role: 'auditor', project: env.project }])).token;
    expect((await as(ownProject, reportUrl(middle.globalId, 'json'))).status).toBe(200);
    expect((await as(auditor, reportUrl(middle.globalId, 'json', { depth: '0' }))).status).toBe(400);
    expect((await as(auditor, reportUrl(middle.globalId, 'json', { direction: 'sideways' }))).status).toBe(400);
    const repoId = (await api.query<{ repo: { id: string } }>('query($p: String, $n: String!) { repo(project: $p, name: $n) { id } }', { p: env.project, n: 'words' })).repo.id;
    expect((await as(auditor, reportUrl(repoId, 'json'))).status).toBe(400);
    expect((await as(auditor, `${api.url}/reports/lineage/${encodeURIComponent(middle.globalId)}.txt`)).status).toBe(404);
  });
});

describe('the lineage report in headless Chromium', () => {
  it('draws one shape per node with its name and the edges between them, and loads nothing else', async () => {
    const r = await jsonReport(middle.globalId);
    const url = reportUrl(middle.globalId, 'html', { token: auditor });
    const { page, requests, problems } = await openWatched(browser, url);
    try {
      expect(await page.title()).toBe(`Lineage of FileVersion ${env.project}/upper:/a.txt · Stemma`);
      const shapes = page.locator('#lineage-graph g.node');
      expect(await shapes.count()).toBe(r.nodes.length);
      for (const n of r.nodes) {
        const shape = page.locator(`#lineage-graph g.node[data-key="${n.key}"]`);
        expect(await shape.locator('text.node-label').textContent()).toBe(n.label);
        expect(await shape.locator('text.node-caption').textContent()).toBe(n.caption);
        const box = await shape.locator('rect').boundingBox();
        expect(box!.width).toBeGreaterThan(50);
      }
      const boxes = await Promise.all(r.nodes.map(async (n) => (await page.locator(`#lineage-graph g.node[data-key="${n.key}"] rect`).boundingBox())!));
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!), `${r.nodes[i]!.key} overlaps ${r.nodes[j]!.key}`).toBe(false);
      const edges = page.locator('#lineage-graph g.edge');
      expect(await edges.count()).toBe(r.edges.length);
      for (const e of r.edges) {
        const path = page.locator(`#lineage-graph g.edge[data-from="${e.from}"][data-to="${e.to}"][data-type="${e.type}"] path`);
        expect(await path.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+( L[\d.]+,[\d.]+)+$/);
        expect((await path.boundingBox())!.width + (await path.boundingBox())!.height).toBeGreaterThan(10);
      }
      expect(await page.locator('#node-table tbody tr').count()).toBe(r.nodes.length);
      expect(problems).toEqual([]);
      expect(requests).toEqual([url]);
    } finally {
      await page.close();
    }
  });

  it('shows a node’s properties when it is clicked, and says no erasure touched the lineage', async () => {
    const r = await jsonReport(middle.globalId);
    const words = byCaption(r, `${env.project}/words:/a.txt`)!;
    const { page, problems } = await openWatched(browser, reportUrl(middle.globalId, 'html', { token: auditor }));
    try {
      expect(await page.locator('#node-details-hint').isVisible()).toBe(true);
      await page.locator(`#lineage-graph g.node[data-key="${words.key}"]`).click();
      const details = page.locator('#node-details-body');
      expect(await details.getAttribute('data-selected')).toBe(words.key);
      expect(await details.locator('.details-title').textContent()).toBe(`FileVersion ${env.project}/words:/a.txt`);
      const text = await details.innerText();
      for (const value of [words.id, String(words.properties.hash), `${env.project}/words`, '/a.txt', 'INPUT_OF']) expect(text).toContain(value);
      expect(text).toContain('No erasure touched this node.');
      expect(await page.locator('#node-details-hint').isVisible()).toBe(false);
      expect(await page.locator(`#lineage-graph g.node.selected`).getAttribute('data-key')).toBe(words.key);
      expect(await page.locator('#erasures').innerText()).toContain('No erasure has touched this node or its lineage.');
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('lists an erasure that touched a node of the lineage, and marks that node', async () => {
    const r = await jsonReport(middle.globalId);
    const words = byCaption(r, `${env.project}/words:/a.txt`)!;
    // The shape the erasure part writes, made directly so the test needs no erasure run; removed at once.
    const erasureId = `test-${randomUUID()}`;
    await api.runtime.graph.write((tx) =>
      tx.run(
        `MATCH (fv:FileVersion {id: $fv})
         CREATE (e:ErasureRequest {id: $id, subjectId: $subject, state: 'verified', reason: 'asked to be forgotten', requestedBy: 'alice', approvedBy: 'carol', createdAt: $at})
         CREATE (e)-[:SHREDDED]->(fv)`,
        { fv: words.id, id: erasureId, subject: `subject-${erasureId}`, at: new Date().toISOString() },
      ),
    );
    try {
      const { page, problems } = await openWatched(browser, reportUrl(middle.globalId, 'html', { token: auditor }));
      try {
        const row = page.locator(`#erasure-table tr[data-erasure="${erasureId}"]`);
        expect(await row.innerText()).toContain(`subject-${erasureId}`);
        expect(await row.innerText()).toContain(`SHREDDED FileVersion ${env.project}/words:/a.txt`);
        expect(await page.locator(`#lineage-graph g.node.erased`).getAttribute('data-key')).toBe(words.key);
        await page.locator(`#node-table tr[data-key="${words.key}"] td`).first().click();
        expect(await page.locator('#node-details-body .node-erasures').innerText()).toContain(`SHREDDED by erasure ${erasureId} (verified)`);
        expect(problems).toEqual([]);
      } finally {
        await page.close();
      }
    } finally {
      await api.runtime.graph.write((tx) => tx.run('MATCH (e:ErasureRequest {id: $id}) DETACH DELETE e', { id: erasureId }));
    }
  });
});

describe('stemma report lineage', () => {
  const stemma = (args: string[]) => runStemma({ url: api.url, token: auditor, cwd: work }, args);

  it('writes the page of repo@commit:/path, which Chromium opens from disk with no request', async () => {
    const file = join(work, 'lineage.html');
    const run = await stemma(['report', 'lineage', `${env.project}/upper@${middle.commitId}:/a.txt`, '-o', file]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`wrote the lineage report of ${env.project}/upper@${middle.commitId}:/a.txt to ${file}`);
    const r = await jsonReport(middle.globalId);
    const url = pathToFileURL(file).toString();
    const { page, requests, problems } = await openWatched(browser, url);
    try {
      expect(await page.locator('#lineage-graph g.node').count()).toBe(r.nodes.length);
      expect(requests).toEqual([url]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, CLI_TIMEOUT);

  it('reads job:, commit:, model:, decision: and global ids, writes JSON, and prints the browser address', async () => {
    const ofJob = JSON.parse((await stemma(['report', 'lineage', `job:${upperJob}`, '--format', 'json', '--direction', 'upstream'])).out) as LineageReport;
    expect(ofJob.root).toMatchObject({ label: 'Job', id: upperJob });
    const ofCommit = JSON.parse((await stemma(['report', 'lineage', `commit:${middle.commitId}`, '--format', 'json', '--depth', '1'])).out) as LineageReport;
    expect(ofCommit.root).toMatchObject({ label: 'Commit', id: middle.commitId });
    const file = join(work, 'lineage.json');
    expect((await stemma(['report', 'lineage', middle.globalId, '--format', 'json', '-o', file])).code).toBe(0);
    expect((JSON.parse(await readFile(file, 'utf8')) as LineageReport).root.id).toBe((await jsonReport(middle.globalId)).root.id);
    const ofModel = JSON.parse((await stemma(['report', 'lineage', `model:${env.project}/shouty`, '--format', 'json', '--depth', '1'])).out) as LineageReport;
    expect(ofModel.root).toMatchObject({ label: 'ModelVersion', globalId: modelVersion });
    const ofDecision = JSON.parse((await stemma(['report', 'lineage', `decision:${decision}`, '--format', 'json', '--depth', '2'])).out) as LineageReport;
    expect(ofDecision.root).toMatchObject({ label: 'Decision', globalId: decision });
    expect(ofDecision.nodes).toContainEqual(expect.objectContaining({ key: ofModel.root.key, role: 'upstream' }));
    const url = await stemma(['report', 'lineage', `job:${upperJob}`, '--url']);
    expect(url.out.trim()).toMatch(new RegExp(`^${api.url}/reports/lineage/[^/]+\\.html$`));
    const missing = await stemma(['report', 'lineage', 'job:0123456789abcdef0123456789abcdef']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('stemma: ');
  }, CLI_TIMEOUT);
});

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
