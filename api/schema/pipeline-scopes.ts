/**
 * Field scopes of the pipeline fields whose project is not a plain argument: a spec (its
 * pipeline's project, and the projects of the repos it reads) or a job id (the project of
 * the job's pipeline).
 */
import { inputRepos, parsePipelineSpec, type ParsedPipelineSpec } from '../../pipelines/index.js';
import type { Action } from '../auth/policy.js';
import { needs, onProject } from './auth-scopes.js';
import { argument } from './pfs-args.js';
import { JobNode, projectOfPipelineId } from './pipeline-nodes.js';
import type { Context } from './builder.js';

/** The `spec` argument (JSON or YAML) parsed; a bad spec is INVALID_ARGUMENT naming each wrong field. */
export function specArg(text: string): ParsedPipelineSpec {
  return argument('spec', () => parsePipelineSpec(text));
}

/** `action` on the spec's pipeline project, and read on the project of every repo it reads. */
export function onSpec(action: Action) {
  return needs<{ spec: string }>((args) => {
    const { spec } = specArg(args.spec);
    return [[action, spec.pipeline.project], ...inputRepos(spec).map((r): [Action, string] => ['read', r.project])];
  });
}

/** The project of a job's pipeline; NOT_FOUND when there is no such job. */
export async function projectOfJob(ctx: Context, jobId: string): Promise<string> {
  return projectOfPipelineId((await JobNode.getDataloader(ctx).load(jobId)).pipelineId);
}

/** `action` on the project of the job named by the `jobId` (or `id`) argument. */
export function onJob<Args extends { jobId: string } | { id: string }>(action: Action) {
  return onProject<Args>(action, (args, ctx) => projectOfJob(ctx, 'jobId' in args ? args.jobId : args.id));
}
