/**
 * Pages of jobs, newest first, as a Relay connection. Jobs are read from the graph on every
 * request; a list across projects shows only the jobs of projects the request may read.
 */
import type { JobRecord, JobState } from '../../graph-schema/pipelines/index.js';
import { readable } from './auth-scopes.js';
import type { Context } from './builder.js';
import { offsetPage, type ConnectionArgs } from './connection-page.js';
import { projectOfPipelineId } from './pipeline-nodes.js';

export interface JobPageFilter {
  project?: string | null | undefined;
  pipeline?: string | null | undefined;
  states?: readonly JobState[] | null | undefined;
}

/**
 * A page of the jobs `filter` selects, paged by offset. Without a project, jobs of projects
 * the request may not read are dropped from the page after it is read (a short page).
 */
export function jobPage(ctx: Context, filter: JobPageFilter, args: ConnectionArgs) {
  return offsetPage<JobRecord>(args, async ({ offset, limit }) => {
    const jobs = await ctx.pipelines.listJobs({
      project: filter.project ?? (filter.pipeline ? 'default' : undefined),
      pipeline: filter.pipeline ?? undefined,
      states: filter.states ? [...filter.states] : undefined,
      limit: offset + limit,
    });
    return jobs.filter((j) => readable(ctx, projectOfPipelineId(j.pipelineId))).slice(offset);
  });
}
