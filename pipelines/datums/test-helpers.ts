import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputRepoRef } from '../spec/input-repos.js';
import { parsePipelineSpec } from '../spec/parse-pipeline-spec.js';
import type { PipelineSpec } from '../spec/spec-types.js';
import type { Datum, FileEntry, ListFiles } from './datum-types.js';

/** Files whose content hash is derived from their path and a version tag. */
export function filesAt(paths: readonly string[], version = 'v1'): FileEntry[] {
  return paths.map((path) => ({ path, hash: `${version}:${path}`, size: path.length }));
}

/** A `listFiles` over fixed repos (keyed by repo name), recording each call. */
export function fakeRepos(repos: Record<string, FileEntry[]>): ListFiles & { calls: InputRepoRef[] } {
  const calls: InputRepoRef[] = [];
  const list = (ref: InputRepoRef) => {
    calls.push(ref);
    return repos[ref.repo] ?? [];
  };
  return Object.assign(list, { calls });
}

/** A spec from pipelines/testdata. */
export function testSpec(file: string): PipelineSpec {
  const path = fileURLToPath(new URL(`../testdata/${file}`, import.meta.url));
  return parsePipelineSpec(readFileSync(path, 'utf8')).spec;
}

/** Each datum as its `repo:root` inputs, in order: easy to compare. */
export function roots(datums: readonly Datum[]): string[][] {
  return datums.map((datum) => datum.inputs.map((input) => `${input.repo}:${input.root}`));
}
