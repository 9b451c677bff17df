/**
 * A pipeline test environment on the real stack: its own queue prefix, project and work
 * directory, so tests never see each other's queues, pipelines or datums, and (optionally)
 * workers consuming the pipeline queues in this process.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { JobRecord } from '../../graph-schema/pipelines/index.js';
import { parseFileRef } from '../../pfs/refs/index.js';
import { createRuntime, type Runtime } from '../../runtime/create-runtime.js';
import { createPipelineEngine, type PipelineEngine, type PipelineWorkerOptions, type PipelineWorkers } from '../../workers/pipelines/create-pipeline-engine.js';
import { loadStackEnv } from './stack-env.js';

export interface PipelineEnv {
  runtime: Runtime;
  engine: PipelineEngine;
  project: string;
  queuePrefix: string;
  workDir: string;
  /** Environment for a worker in a child process sharing these queues. */
  childEnv: Record<string, string>;
  startWorkers(opts?: PipelineWorkerOptions): Promise<PipelineWorkers>;
  createRepo(name: string, files?: Record<string, string>): Promise<void>;
  putFiles(repo: string, files: Record<string, string>): Promise<string>;
  deleteFiles(repo: string, paths: string[]): Promise<string>;
  /** Waits for the pipeline's job on a commit set to exist, then for it to end. */
  jobOn(pipeline: string, commitSet: string, timeoutMs?: number): Promise<JobRecord>;
  /** Every file of a branch head as path → text. */
  readAll(repo: string, branch?: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** Worker settings that make a dead worker's batch come back within seconds. */
export const FAST_RECOVERY: PipelineWorkerOptions = { lockMs: 2_000, stalledIntervalMs: 1_000, reconcileEveryMs: 0, datumConcurrency: 2 };

/** `logger`: pass `createLogger({ level: 'debug' })` to watch jobs while debugging a test. */
export async function pipelineEnv(opts: { workers?: boolean; logger?: Logger } = {}): Promise<PipelineEnv> {
  loadStackEnv();
  const queuePrefix = `test-${randomUUID().slice(0, 8)}`;
  const project = `p${randomUUID().slice(0, 8)}`;
  const workDir = await mkdtemp(join(tmpdir(), 'stemma-pipelines-'));
  const childEnv = { STEMMA_QUEUE_PREFIX: queuePrefix, STEMMA_WORK_DIR: workDir, LOG_LEVEL: 'silent' };
  const runtime = await createRuntime({ env: { ...process.env, ...childEnv }, logger: opts.logger ?? silentLogger, migrate: true });
  const engine = createPipelineEngine(runtime);
  const started: PipelineWorkers[] = [];
  const target = (repo: string) => ({ project, repo, branch: 'master' });

  const env: PipelineEnv = {
    runtime,
    engine,
    project,
    queuePrefix,
    workDir,
    childEnv,
    async startWorkers(workerOpts = {}) {
      const workers = await engine.startWorkers({ ...FAST_RECOVERY, projects: [project], ...workerOpts });
      started.push(workers);
      return workers;
    },
    async createRepo(name, files) {
      await runtime.pfs.createRepo(project, name);
      if (files) await env.putFiles(name, files);
    },
    async putFiles(repo, files) {
      const commit = await runtime.pfs.write(target(repo), async (w) => {
        for (const [path, text] of Object.entries(files)) await w.putFile(path, Buffer.from(text));
      });
      return commit.id;
    },
    async deleteFiles(repo, paths) {
      const commit = await runtime.pfs.write(target(repo), async (w) => {
        for (const path of paths) await w.deleteFile(path);
      });
      return commit.id;
    },
    async jobOn(pipeline, commitSet, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [job] = await engine.service.listJobs({ project, pipeline, commitSet, limit: 1 });
        if (job) return engine.service.waitJob(job.id, Math.max(1, deadline - Date.now()));
        if (Date.now() > deadline) throw new Error(`no job of ${pipeline} on commit set ${commitSet} after ${timeoutMs} ms`);
        await sleep(100);
      }
    },
    async readAll(repo, branch = 'master') {
      const out: Record<string, string> = {};
      for await (const file of runtime.pfs.walkFiles(parseFileRef(`${project}/${repo}@${branch}:/`))) {
        const { stream } = await runtime.pfs.getFile(parseFileRef(`${project}/${repo}@${branch}:${file.path}`));
        const chunks: Buffer[] = [];
        for await (const c of stream) chunks.push(c as Buffer);
        out[file.path] = Buffer.concat(chunks).toString('utf8');
      }
      return out;
    },
    async close() {
      for (const w of started.splice(0)) await w.close();
      engine.close();
      // Leave no current pipeline behind for other workers to reconcile.
      for (const p of await engine.core.deps.pipelines.listPipelines(project)) await engine.core.deps.pipelines.markDeleted(project, p.name);
      await runtime.queues.queue('stemma-pipelines').obliterate().catch(() => undefined);
      await runtime.queues.queue('stemma-datums').obliterate().catch(() => undefined);
      await runtime.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
  if (opts.workers ?? true) await env.startWorkers();
  return env;
}

/**
 * A transform that writes, for its datum, one file `/pfs/out/<name>` listing every input file
 * it sees as `input:path=content`, sorted: what a datum held, readable by a test.
 * `name` is a Python expression (default: the datum id).
 */
export function describeDatum(name = "os.environ['PACH_DATUM_ID'][:12]"): string[] {
  const code = [
    'import os',
    'seen = []',
    "for inp in sorted(os.listdir('/pfs')):",
    "    if inp == 'out': continue",
    "    top = os.path.join('/pfs', inp)",
    '    for root, _, files in os.walk(top, followlinks=True):',
    '        for f in files:',
    '            p = os.path.join(root, f)',
    "            seen.append(inp + ':' + p[len(top):] + '=' + open(p).read())",
    `open(os.path.join('/pfs/out', ${name}), 'w').write('\\n'.join(sorted(seen)))`,
  ].join('\n');
  return ['python3', '-c', code];
}

/** A transform that writes every input file upper-cased to the same path under `/pfs/out`. */
export function upperCase(input: string): string[] {
  const code = [
    'import os',
    `top = '/pfs/${input}'`,
    'for root, _, files in os.walk(top, followlinks=True):',
    '    for f in files:',
    '        src = os.path.join(root, f)',
    "        dst = '/pfs/out' + src[len(top):]",
    '        os.makedirs(os.path.dirname(dst), exist_ok=True)',
    "        open(dst, 'w').write(open(src).read().upper())",
  ].join('\n');
  return ['python3', '-c', code];
}
