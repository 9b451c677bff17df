/**
 * `stemma footprint` and `stemma erasure` end to end: the real CLI (bin/stemma, from source)
 * as a child process against an API over the loan story, with erasure and pipeline workers
 * in this process. Two compliance officers take turns, as approval needs someone else.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStemma, type CliRun } from '../test/support/cli-run.js';
import { erasureApiWorld, type ErasureApiWorld } from '../test/support/erasure-api.js';
import type { ErasureView } from './erasure-views.js';
import type { FootprintView } from './footprint-view.js';

const TIMEOUT = 300_000;

let w: ErasureApiWorld;
let work: string;

beforeAll(async () => {
  w = await erasureApiWorld();
  work = await mkdtemp(join(tmpdir(), 'stemma-erasure-cli-'));
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  await w?.close();
});

type Who = keyof ErasureApiWorld['tokens'];

const stemma = (who: Who, args: string[]): Promise<CliRun> => runStemma({ url: w.api.url, token: w.tokens[who].token, cwd: work }, args);

async function ok(who: Who, args: string[]): Promise<CliRun> {
  const run = await stemma(who, args);
  expect(run.code, `stemma ${args.join(' ')}\n${run.err}`).toBe(0);
  return run;
}

const json = async <T>(who: Who, args: string[]): Promise<T> => JSON.parse((await ok(who, [...args, '--json'])).out) as T;

describe('stemma footprint and stemma erasure', () => {
  it(
    'shows the footprint, then requests, plans, approves (as another officer) and executes with --wait, to the certificate',
    async () => {
      const subject = w.world.subject;
      const project = w.env.project;

      const footprint = await ok('auditor', ['footprint', subject, '--project', project]);
      expect(footprint.out).toMatch(new RegExp(`^Subject ${subject}: footprint computed`));
      expect(footprint.out).toMatch(/^records\s+2\s+2 live, 0 historical$/m);
      expect(footprint.out).toContain('\nRepos (1):\n');
      expect(footprint.out).toMatch(new RegExp(`^${project}/applicants\\s+2\\s+2$`, 'm'));
      expect(footprint.out).toContain('\nCommits (2):\n');
      const fp = await json<FootprintView>('auditor', ['footprint', subject]);
      expect(fp).toMatchObject({ subjectId: subject, counts: { records: 2, liveRecords: 2 } });
      expect(fp.records).toHaveLength(2);

      const requested = await json<ErasureView>('officer1', ['erasure', 'request', subject, '--reason', 'GDPR art. 17 request by the applicant']);
      expect(requested).toMatchObject({ subjectId: subject, state: 'requested', requestedBy: w.tokens.officer1.record.id });
      const id = requested.id;

      const plan = await ok('officer1', ['erasure', 'plan', id]);
      expect(plan.out).toContain(`Plan of erasure ${id} for subject ${subject}`);
      expect(plan.out).toContain(`Deletion commits (1):\n  ${project}/applicants@master  head `);
      expect(plan.out).toMatch(/^Datums to reprocess \(\d+ datums? in 2 pipelines\):$/m);
      expect(plan.out).toContain(`Historical versions to shred: 2 file versions in 2 commits`);
      expect(plan.out).toContain(`next: approve with another compliance token: stemma erasure approve ${id}`);

      const own = await stemma('officer1', ['erasure', 'approve', id]);
      expect(own.code).toBe(1);
      expect(own.err).toContain('cannot approve it too');
      const approved = await ok('officer2', ['erasure', 'approve', id]);
      expect(approved.out).toContain(`erasure ${id} approved by token ${w.tokens.officer2.record.id}`);

      // stderr is not a terminal: progress comes as plain lines, one per state and per step.
      const executed = await ok('officer2', ['erasure', 'execute', id, '--wait']);
      expect(executed.err).toContain(`erasure ${id} (subject ${subject}): verified`);
      expect(executed.err).toMatch(/^ {2}✓ deletion-commits /m);
      expect(executed.err).toMatch(/^ {2}✓ certificate /m);
      expect(executed.out).toMatch(/^State: +verified$/m);
      expect(executed.out).toContain('Verification: OK');
      expect(executed.out).toContain(`Certificate: /reports/erasures/${id}/certificate.html`);

      const inspected = await json<ErasureView>('auditor', ['erasure', 'inspect', id]);
      expect(inspected).toMatchObject({ id, state: 'verified', approvedBy: w.tokens.officer2.record.id, remainingSteps: [] });
      expect((await json<ErasureView[]>('auditor', ['erasure', 'list', '--subject', subject, '--state', 'verified'])).map((e) => e.id)).toEqual([id]);
      expect((await ok('auditor', ['erasure', 'verify', id])).out).toContain('Verification: OK, graph clean, storage clean');

      const page = join(work, 'certificate.html');
      const saved = await ok('auditor', ['erasure', 'certificate', id, '-o', page]);
      expect(saved.out).toContain(`wrote the html certificate of erasure ${id} to ${page}`);
      expect(await readFile(page, 'utf8')).toContain(subject);
      const certificate = await ok('auditor', ['erasure', 'certificate', id, '--format', 'json']);
      expect(createHash('sha256').update(certificate.out, 'utf8').digest('hex')).toBe(inspected.certificate?.sha256);
      expect(JSON.parse(certificate.out)).toMatchObject({ erasureId: id, subjectId: subject });

      const refused = await stemma('reader', ['erasure', 'list']);
      expect(refused.code).toBe(1);
      expect(refused.err).toMatch(/^stemma: token .* may not audit every project/);
    },
    TIMEOUT,
  );
});
