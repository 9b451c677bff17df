/**
 * Cron inputs tick as Pachyderm's do: at each time of the schedule, an empty file named by
 * the time is committed to the input's repo (the previous ones deleted first with
 * `overwrite`), and that commit starts a job like any other. Each tick schedules the next.
 */
import type { PipelineVersionRecord } from '../../graph-schema/pipelines/index.js';
import type { CronInputSpec, InputSpec, PipelineSpec } from '../spec/spec-types.js';
import { cronTickPath, nextCronTick } from '../execution/cron-ticks.js';
import type { CronTick } from './job-scheduler.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** The cron inputs of an input tree, in order. */
export function cronInputs(input: InputSpec): CronInputSpec[] {
  if ('cron' in input) return [input.cron];
  if ('pfs' in input) return [];
  const children = 'cross' in input ? input.cross : 'union' in input ? input.union : 'join' in input ? input.join : input.group;
  return children.flatMap(cronInputs);
}

export type CronTicker = ReturnType<typeof createCronTicker>;

export function createCronTicker(deps: PipelineDeps) {
  const log = deps.logger.child({ component: 'cron' });

  /** The tick after `after` (or after now, if the workers fell behind: missed ticks are not replayed). */
  const schedule = async (version: PipelineVersionRecord, cron: CronInputSpec, after: Date): Promise<void> => {
    const from = new Date(Math.max(after.getTime(), Date.now()));
    const at = nextCronTick(cron.spec, from, new Date(cron.start ?? version.createdAt));
    await deps.scheduler.scheduleCronTick({ pipelineVersionId: version.id, input: cron.name, at: at.toISOString() });
  };

  return {
    /** Schedules the next tick of every cron input of a version (idempotent: the tick time is the key). */
    async scheduleVersion(version: PipelineVersionRecord): Promise<void> {
      const spec = JSON.parse(version.spec) as PipelineSpec;
      for (const cron of cronInputs(spec.input)) await schedule(version, cron, new Date());
    },

    /** Commits one tick and schedules the next; a version no longer current stops ticking. */
    async tick(tick: CronTick): Promise<'committed' | 'already-committed' | 'stopped'> {
      const version = await deps.pipelines.getVersion(tick.pipelineVersionId);
      const spec = JSON.parse(version.spec) as PipelineSpec;
      const current = await deps.pipelines.findPipeline(spec.pipeline.project, spec.pipeline.name);
      const cron = cronInputs(spec.input).find((c) => c.name === tick.input);
      if (!cron || current?.current.id !== version.id) return 'stopped';
      const at = new Date(tick.at);
      const path = cronTickPath(at);
      const target = { project: cron.project, repo: cron.repo, branch: 'master' };
      const branch = await deps.pfs.deps.repos.findBranch(cron.project, cron.repo, 'master');
      const head = branch?.head ? await deps.pfs.deps.commits.getCommit(branch.head) : null;
      const done = head ? (await deps.pfs.deps.trees.lookup(head.manifest, path)) !== null : false;
      if (!done) {
        await deps.pfs.write(
          target,
          async (w) => {
            if (cron.overwrite) await w.deleteFile('/', { recursive: true });
            await w.putFile(path, Buffer.alloc(0));
          },
          { description: `cron tick ${path.slice(1)} of ${spec.pipeline.project}/${spec.pipeline.name}` },
        );
        log.debug({ pipeline: version.pipelineId, input: cron.name, at: tick.at }, 'cron tick committed');
      }
      await schedule(version, cron, at);
      return done ? 'already-committed' : 'committed';
    },
  };
}
