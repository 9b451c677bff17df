/**
 * The decision verbs end to end: the real CLI (bin/stemma, from source) as a child process
 * against a real API server over the local stack, on a model whose provenance is seeded
 * straight into the graph.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStemma, type CliRun } from '../test/support/cli-run.js';
import { startPfsApi, type PfsApiHarness } from '../test/support/pfs-api.js';
import { seedTrainingChain, type TrainingChain } from '../test/support/training-chain.js';

/** Each CLI run starts a process (about a second from source). */
const TIMEOUT = 120_000;

let api: PfsApiHarness;
let chain: TrainingChain;
let work: string;
let version: string;

beforeAll(async () => {
  api = await startPfsApi();
  chain = await seedTrainingChain(api.runtime.graph);
  version = `${chain.project}/scorer@1`;
  work = await mkdtemp(join(tmpdir(), 'stemma-decision-cli-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  await chain?.close();
  await api?.close();
});

const stemma = (args: string[]) => runStemma({ url: api.url, token: api.token, cwd: work }, args);

async function ok(args: string[]): Promise<CliRun> {
  const run = await stemma(args);
  expect(run.code, `stemma ${args.join(' ')}\n${run.err}`).toBe(0);
  return run;
}

const json = async <T>(args: string[]): Promise<T> => JSON.parse((await ok(['--json', ...args])).out) as T;

describe('stemma record|explain|list decision', () => {
  it(
    'records a decision and explains it: model version, training job, pipeline, commits, records and subjects',
    async () => {
      const subject = chain.subject(1);
      const recorded = await json<{ decisionId: string; modelVersion: string }>([
        'record', 'decision', '--model-version', version, '--subject', subject, '--input', '{"income": 42000}', '--output', '{"approved": false}', '--explanation', '{"income": -0.6}',
      ]);
      expect(recorded.modelVersion).toBe(version);

      const { out } = await ok(['explain', 'decision', recorded.decisionId]);
      expect(out).toContain(`Decision:         ${recorded.decisionId}`);
      expect(out).toContain(`Subject:          ${subject}`);
      expect(out).toContain('Explanation:      {"income":-0.6}');
      expect(out).toContain(`Model version:    ${version} (current)`);
      expect(out).toContain(`Training job:     ${chain.training.job.id} (pipeline ${chain.project}/train, version 1)`);
      expect(out).toContain('Image:            stemma/train:1');
      expect(out).toContain('Command:          python3 train.py');
      expect(out).toContain(`Training commits: ${chain.project}/features@${chain.features.output.id}`);
      expect(out).toMatch(/Training records: 3 \(e\.g\. .*features:\/f0\.json/);
      expect(out).toContain('Subjects covered: 2');

      const view = await json<Record<string, unknown>>(['explain', 'decision', recorded.decisionId]);
      expect(view).toMatchObject({ decision: { subjectId: subject, output: { approved: false } }, trainingRecords: 3, subjects: 2, specHash: 'spec-train' });
    },
    TIMEOUT,
  );

  it(
    'records a file of decisions in batches, lists them, and explains the model version',
    async () => {
      const subject = chain.subject(5);
      const file = join(work, 'decisions.jsonl');
      await writeFile(file, Array.from({ length: 1_200 }, (_, i) => JSON.stringify({ subjectId: subject, input: { i }, output: { score: i / 1200 } })).join('\n'));
      const { out } = await ok(['record', 'decisions', '-f', file, '--model-version', version]);
      expect(out).toBe(`recorded 1200 decisions from ${file}\n`);
      const listed = await json<{ subjectId: string; modelVersion: string }[]>(['list', 'decision', '--subject', subject, '--model-version', version, '--limit', '2000']);
      expect(listed).toHaveLength(1_200);
      expect(new Set(listed.map((d) => d.modelVersion))).toEqual(new Set([version]));

      const model = await json<{ decisions: number; subjects: number; supersededBy: string | null }>(['explain', 'model', version]);
      expect(model).toMatchObject({ subjects: 2, supersededBy: null });
      expect(model.decisions).toBeGreaterThanOrEqual(1_200);
      expect((await ok(['explain', 'model', version])).out).toContain('Subjects covered: 2');

      await writeFile(file, `${JSON.stringify({ subjectId: subject, input: 1, output: 1 })}\n{"subjectId": "x"}\n`);
      const bad = await stemma(['record', 'decisions', '-f', file, '--model-version', version]);
      expect(bad.code).toBe(1);
      expect(bad.err).toContain(`${file} line 2: input: is required`);
      const unknown = await stemma(['record', 'decision', '--model-version', `${chain.project}/scorer@7`, '--subject', subject, '--input', '1', '--output', '1']);
      expect(unknown.err).toContain(`model version ${chain.project}/scorer@7 does not exist`);
    },
    TIMEOUT,
  );
});
