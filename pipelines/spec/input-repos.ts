import type { InputSpec, PipelineSpec } from './spec-types.js';

/** A repo branch a pipeline reads, and the name the pipeline sees it under. */
export interface InputRepoRef {
  project: string;
  repo: string;
  branch: string;
  /** The input name (`/pfs/<name>`). */
  name: string;
}

/**
 * The repo branches a pipeline reads, in the order they appear in its input tree: every
 * pfs input, and for a cron input the repo its ticks are committed to (branch `master`).
 * A repo read twice under two names appears twice.
 */
export function inputRepos(spec: PipelineSpec): InputRepoRef[] {
  return leafRepos(spec.input);
}

/** The same, for any input node. */
export function leafRepos(input: InputSpec): InputRepoRef[] {
  if ('pfs' in input) {
    const { project, repo, branch, name } = input.pfs;
    return [{ project, repo, branch, name }];
  }
  if ('cron' in input) {
    const { project, repo, name } = input.cron;
    return [{ project, repo, branch: 'master', name }];
  }
  const children = 'cross' in input ? input.cross : 'union' in input ? input.union : 'join' in input ? input.join : input.group;
  return children.flatMap(leafRepos);
}
