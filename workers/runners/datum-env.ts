/**
 * The environment a datum's command sees, in every runner: the runner's minimal host
 * environment and `PYTHONUNBUFFERED=1` (so that logs stream as they are printed), then the
 * transform's `env`, then Stemma's own variables, which the spec cannot override. Pachyderm's names are set too, so that existing scripts keep working.
 */
import type { DatumTask } from './runner.js';

/** `PATH` and `LANG` a process gets when the runner is given no host environment. */
export const DEFAULT_HOST_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  LANG: 'C.UTF-8',
};

/**
 * Builds the environment of one datum. `pfsRoot` is where the code finds `/pfs`
 * (`/pfs` itself when the runner mounts it there); `taskEnv` is the transform's env after
 * any path rewrite.
 */
export function datumEnv(
  task: DatumTask,
  pfsRoot: string,
  hostEnv: Readonly<Record<string, string>>,
  taskEnv: Record<string, string> = task.transform.env ?? {},
): Record<string, string> {
  return {
    ...hostEnv,
    PYTHONUNBUFFERED: '1',
    ...taskEnv,
    PFS_ROOT: pfsRoot,
    STEMMA_PFS: pfsRoot,
    STEMMA_JOB_ID: task.jobId,
    STEMMA_DATUM_ID: task.datumId,
    STEMMA_PIPELINE: task.pipeline.name,
    STEMMA_PROJECT: task.pipeline.project,
    PACH_JOB_ID: task.jobId,
    PACH_DATUM_ID: task.datumId,
    PPS_PIPELINE_NAME: task.pipeline.name,
    PPS_PROJECT_NAME: task.pipeline.project,
  };
}
