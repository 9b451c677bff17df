/**
 * A datum attempt's scratch space on local disk: its input files laid out as in their repos
 * (one directory per input, seen by the code as `/pfs/<input>`), an empty output directory
 * (`/pfs/out`), and a work directory. Outputs are stored in the content store from there,
 * packed with the other datums' of the batch; the space is removed when the attempt ends.
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline as pipe } from 'node:stream/promises';
import { SMALL_FILE_BYTES } from '../../pfs/commits/commit-writer.js';
import { normalizePath } from '../../pfs/paths/normalize-path.js';
import type { ContentBatch, ContentStore, TreeEntry } from '../../pfs/tree-store.js';
import type { PlannedDatum } from '../../pipelines/service/index.js';
import type { DatumInputDir } from '../runners/runner.js';

export interface DatumWorkspace {
  root: string;
  inputs: DatumInputDir[];
  outputDir: string;
  workDir: string;
  remove(): Promise<void>;
}

const MATERIALISE_CONCURRENCY = 8;

/** Creates the workspace in a new directory under `parentDir` and writes the datum's input files into it. */
export async function prepareDatumWorkspace(content: ContentStore, parentDir: string, datum: PlannedDatum): Promise<DatumWorkspace> {
  const root = join(parentDir, `${datum.datumKey.slice(0, 16)}-${randomUUID().slice(0, 8)}`);
  const outputDir = join(root, 'out');
  const workDir = join(root, 'work');
  await mkdir(outputDir, { recursive: true });
  await mkdir(workDir, { recursive: true });
  // A group datum holds several matches of one input: they share its directory.
  const inputs = new Map<string, DatumInputDir>();
  for (const input of datum.inputs) {
    const dir = join(root, 'in', input.name);
    await mkdir(dir, { recursive: true });
    const writes = input.files.map((file) => async () => {
      const target = join(dir, file.path);
      await mkdir(dirname(target), { recursive: true });
      if (input.emptyFiles) await writeFile(target, '');
      else await pipe(await content.read(file.ref), createWriteStream(target));
    });
    for (let i = 0; i < writes.length; i += MATERIALISE_CONCURRENCY) await Promise.all(writes.slice(i, i + MATERIALISE_CONCURRENCY).map((w) => w()));
    inputs.set(input.name, { name: input.name, dir });
  }
  return { root, inputs: [...inputs.values()], outputDir, workDir, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Stores every file the code wrote under the output directory; returns them as tree
 * entries. Small files go into `batch` (packed with the batch's other outputs, durable once
 * the batch is flushed); large ones are streamed into the content store on their own.
 */
export async function storeDatumOutputs(content: ContentStore, batch: ContentBatch, outputDir: string): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  for await (const file of walkFiles(outputDir, '')) {
    const path = normalizePath(file.rel);
    const info = await stat(file.abs);
    const ref = info.size < SMALL_FILE_BYTES ? await batch.add(await readFile(file.abs)) : await content.writeStream(createReadStream(file.abs), info.size);
    entries.push({ path, hash: ref.hash, size: ref.size, ref });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function* walkFiles(dir: string, rel: string): AsyncGenerator<{ abs: string; rel: string }> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const abs = join(dir, entry.name);
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) yield* walkFiles(abs, path);
    else if (entry.isFile()) yield { abs, rel: path };
  }
}
