/**
 * The API over the loan story, for tests of the erasure GraphQL fields, routes and CLI verbs:
 * a pipeline environment with its workers, the loan world's records and pipelines, erasure
 * workers on the main audit chain (the one the API's erasure service writes), an API server,
 * and tokens of the roles an erasure involves. Keys live in a directory of their own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IssuedToken } from '../../api/auth/api-auth.js';
import { createErasureEngine, type ErasureWorkers } from '../../workers/compliance/create-erasure-engine.js';
import { loanWorld, type LoanWorld } from './erasure-world.js';
import { startPfsApi, type PfsApiHarness } from './pfs-api.js';
import { pipelineEnv, type PipelineEnv } from './pipeline-env.js';

export interface ErasureApiWorld {
  env: PipelineEnv;
  api: PfsApiHarness;
  world: LoanWorld;
  /** Two compliance officers of every project, an auditor, a reader and a writer. */
  tokens: Record<'officer1' | 'officer2' | 'auditor' | 'reader' | 'writer', IssuedToken>;
  close(): Promise<void>;
}

export async function erasureApiWorld(): Promise<ErasureApiWorld> {
  const keyDir = await mkdtemp(join(tmpdir(), 'stemma-erasure-api-keys-'));
  process.env.STEMMA_KEY_DIR = keyDir;
  const env = await pipelineEnv();
  let workers: ErasureWorkers | undefined;
  let api: PfsApiHarness | undefined;
  const close = async () => {
    await workers?.close();
    await api?.close();
    await env.close();
    await rm(keyDir, { recursive: true, force: true });
  };
  try {
    const world = await loanWorld(env);
    workers = await createErasureEngine(env.runtime, { pipelines: env.engine.service, certificateDir: null }).startWorkers({ leaseMs: 3_000, lockMs: 2_000, stalledIntervalMs: 1_000 });
    api = await startPfsApi({ runtime: env.runtime, pipelines: env.engine.service });
    const mint = (role: 'compliance' | 'auditor' | 'reader' | 'writer', name: string) => api!.mintToken([{ role, project: '*' }], `${name}-${env.project}`);
    const tokens = {
      officer1: await mint('compliance', 'officer-1'),
      officer2: await mint('compliance', 'officer-2'),
      auditor: await mint('auditor', 'auditor'),
      reader: await mint('reader', 'reader'),
      writer: await mint('writer', 'writer'),
    };
    await rm(world.certificateDir, { recursive: true, force: true });
    return { env, api, world, tokens, close };
  } catch (err) {
    await close();
    throw err;
  }
}
