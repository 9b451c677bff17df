/**
 * Test fixture: a datum's directories on local disk (inputs with files, an empty output,
 * a scratch dir and a code dir), each set under its own temporary root.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DatumTask, DatumTransform } from './runner.js';

export interface DatumDirs {
  root: string;
  task(transform: DatumTransform, extra?: Partial<DatumTask>): DatumTask;
  /** Writes a file under the code dir and returns its absolute path. */
  code(name: string, text: string): Promise<string>;
  output(path: string): Promise<string>;
  remove(): Promise<void>;
}

/** Creates the directories (under `base`, default the temp dir); `inputs` maps input name -> (path -> content). */
export async function createDatumDirs(inputs: Record<string, Record<string, string>>, base = tmpdir()): Promise<DatumDirs> {
  const root = join(base, `stemma-runner-test-${randomUUID()}`);
  const dirs = { out: join(root, 'out'), work: join(root, 'work'), code: join(root, 'code') };
  await Promise.all(Object.values(dirs).map((d) => mkdir(d, { recursive: true })));
  for (const [name, files] of Object.entries(inputs)) {
    for (const [path, text] of Object.entries(files)) await writeTo(join(root, 'in', name, path), text);
  }
  const id = randomUUID();
  return {
    root,
    task: (transform, extra = {}) => ({
      jobId: `test-job-${id}`,
      datumId: `test-datum-${id}`,
      pipeline: { name: 'test-pipeline', project: 'default' },
      transform,
      inputs: Object.keys(inputs).map((name) => ({ name, dir: join(root, 'in', name) })),
      outputDir: dirs.out,
      workDir: dirs.work,
      ...extra,
    }),
    code: async (name, text) => writeTo(join(dirs.code, name), text),
    output: (path) => readFile(join(dirs.out, path), 'utf8'),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

async function writeTo(path: string, text: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}
