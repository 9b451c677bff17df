/**
 * The `/pfs` path rewrite, for hosts where `/pfs` cannot be mounted: the attempt gets its
 * own `<workDir>/pfs/` holding a symlink per input and `out` -> the output directory, and
 * every `/pfs` path in the command, its stdin, its working directory and its env values is
 * rewritten to that root (`/pfs/images/a.png` -> `<workDir>/pfs/images/a.png`).
 */
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatumTask, DatumTransform } from './runner.js';

/** `/pfs` as a whole path or a path prefix, not inside a longer path (`/data/pfs/x`). */
const PFS_PATH = /(^|[^A-Za-z0-9_./-])\/pfs(?=$|\/|[^A-Za-z0-9_.-])/g;

/** Replaces every `/pfs` path in `text` with `root`. */
export function rewritePfsPaths(text: string, root: string): string {
  return text.replace(PFS_PATH, (_match, before: string) => `${before}${root}`);
}

/** The transform with every `/pfs` path rewritten to `root`. */
export function rewriteTransform(transform: DatumTransform, root: string): DatumTransform {
  const rewrite = (lines: string[] | undefined): string[] | undefined => lines?.map((line) => rewritePfsPaths(line, root));
  const env = transform.env && Object.fromEntries(Object.entries(transform.env).map(([k, v]) => [k, rewritePfsPaths(v, root)]));
  return {
    ...transform,
    cmd: rewrite(transform.cmd)!,
    stdin: rewrite(transform.stdin),
    errCmd: rewrite(transform.errCmd),
    errStdin: rewrite(transform.errStdin),
    workingDir: transform.workingDir === undefined ? undefined : rewritePfsPaths(transform.workingDir, root),
    env,
  };
}

/** Creates `<workDir>/pfs/` afresh with its symlinks and returns its path. */
export async function linkPfsRoot(task: DatumTask): Promise<string> {
  const root = join(task.workDir, 'pfs');
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  for (const input of task.inputs) await symlink(input.dir, join(root, input.name), 'dir');
  await symlink(task.outputDir, join(root, 'out'), 'dir');
  return root;
}
