/**
 * The loan story at test scale, on a pipeline test environment: applicants' records split per
 * record from CSV with a subject field, in two commits (the subject has a record in each); a
 * feature pipeline (one datum per record) and a training pipeline over all features that
 * records model versions. Plus the erasure engine with an audit chain of its own.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditLog, type AuditLog } from '../../compliance/audit/index.js';
import { createNeo4jAuditGraph } from '../../graph-schema/audit/index.js';
import { createErasureEngine, type ErasureEngine } from '../../workers/compliance/create-erasure-engine.js';
import type { PipelineEnv } from './pipeline-env.js';

export interface LoanWorld {
  subject: string;
  others: string[];
  /** The two commits of applicants' records. */
  c1: string;
  c2: string;
  audit: AuditLog;
  erasures: ErasureEngine;
  certificateDir: string;
}

const python = (...lines: string[]) => ['python3', '-c', lines.join('\n')];

/** One feature file per record file: `/<dir>_<file>.txt` holding twice the income. */
export const FEATURES_CMD = python(
  'import os, csv',
  "top = '/pfs/applicants'",
  'for root, _, files in os.walk(top, followlinks=True):',
  '    for f in files:',
  '        p = os.path.join(root, f)',
  '        for r in csv.DictReader(open(p)):',
  "            name = os.path.relpath(p, top).replace('/', '_')",
  "            open('/pfs/out/' + name + '.txt', 'w').write(str(int(r['income']) * 2))",
);

/** A "model": the mean of all features and how many there were, after `sleepSeconds`. */
export function trainCmd(sleepSeconds = 0): string[] {
  return python(
    'import os, time',
    `time.sleep(${sleepSeconds})`,
    'vals = []',
    "for root, _, files in os.walk('/pfs/features', followlinks=True):",
    '    for f in files: vals.append(int(open(os.path.join(root, f)).read()))',
    "os.makedirs('/pfs/out/model', exist_ok=True)",
    "open('/pfs/out/model/weights.txt', 'w').write('mean=%s n=%d' % (sum(vals) / max(1, len(vals)), len(vals)))",
  );
}

export async function loanWorld(env: PipelineEnv, opts: { trainSleepSeconds?: number; engine?: boolean } = {}): Promise<LoanWorld> {
  const u = randomUUID().slice(0, 8);
  const subject = `applicant-${u}-s`;
  const others = ['a', 'b', 'c'].map((x) => `applicant-${u}-${x}`);
  const svc = env.engine.service;
  await env.createRepo('applicants');
  const spec = (name: string, input: unknown, cmd: string[], extra: Record<string, unknown> = {}) => ({ pipeline: { name, project: env.project }, input, transform: { cmd }, ...extra });
  await svc.createPipeline(spec('features', { pfs: { repo: 'applicants', glob: '/*/*' } }, FEATURES_CMD));
  await svc.createPipeline(spec('train', { pfs: { repo: 'features', glob: '/' } }, trainCmd(opts.trainSleepSeconds ?? 0), { model: { name: 'scorer', path: '/model' } }));

  const put = async (path: string, rows: [string, number][]) => {
    const csv = `user_id,income\n${rows.map(([id, income]) => `${id},${income}`).join('\n')}\n`;
    const commit = await env.runtime.pfs.write({ project: env.project, repo: 'applicants', branch: 'master' }, async (w) => {
      await w.putRecords(path, Buffer.from(csv), { format: 'csv', subjectField: 'user_id' });
    });
    await env.jobOn('train', commit.commitSet, 60_000);
    return commit.id;
  };
  const c1 = await put('/applicants.csv', [[others[0]!, 41_000], [subject, 52_000], [others[1]!, 63_000]]);
  const c2 = await put('/more.csv', [[subject, 55_000], [others[2]!, 70_000]]);

  const audit = createAuditLog({ graph: createNeo4jAuditGraph(env.runtime.graph), chain: `test-${randomUUID()}` });
  const certificateDir = await mkdtemp(join(tmpdir(), 'stemma-certificates-'));
  const erasures = createErasureEngine(env.runtime, { pipelines: svc, audit, certificateDir });
  return { subject, others, c1, c2, audit, erasures, certificateDir };
}
