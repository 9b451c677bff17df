import { normaliseGlob } from '../../pfs/glob/compile-glob.js';
import type { RawCronInput, RawInput, RawPfsInput, RawPipelineSpec } from './spec-schema.js';
import type { CronInputSpec, InputSpec, PfsInputSpec, PipelineSpec, ResourceSpec, TransformSpec } from './spec-types.js';

export const DEFAULT_PROJECT = 'default';
export const DEFAULT_BRANCH = 'master';
export const DEFAULT_DATUM_TRIES = 3;

/**
 * Fills in Pachyderm's defaults: project `default`, branch `master`, input name = repo,
 * cron repo `<pipeline>_<input>`, 3 datum tries (0 means the default, as in Pachyderm),
 * a parallelism of 1, `until_success`, output branch `master`; globs cleaned.
 */
export function applySpecDefaults(raw: RawPipelineSpec): PipelineSpec {
  const pipeline = { name: raw.pipeline.name, project: raw.pipeline.project ?? DEFAULT_PROJECT };
  return dropUndefined({
    pipeline,
    description: raw.description,
    input: inputWithDefaults(raw.input, pipeline),
    transform: transformWithDefaults(raw.transform),
    parallelismSpec: { constant: raw.parallelismSpec?.constant || 1 },
    datumTries: raw.datumTries || DEFAULT_DATUM_TRIES,
    datumTimeout: raw.datumTimeout,
    jobTimeout: raw.jobTimeout,
    resourceRequests: resourcesOrUndefined(raw.resourceRequests),
    resourceLimits: resourcesOrUndefined(raw.resourceLimits),
    autoscaling: raw.autoscaling ?? false,
    reprocessSpec: raw.reprocessSpec ?? 'until_success',
    salt: raw.salt,
    outputBranch: raw.outputBranch ?? DEFAULT_BRANCH,
    model: raw.model,
    decisions: raw.decisions,
  });
}

type PipelineRef = { name: string; project: string };

function inputWithDefaults(raw: RawInput, pipeline: PipelineRef): InputSpec {
  if (raw.pfs) return { pfs: pfsWithDefaults(raw.pfs, pipeline) };
  if (raw.cron) return { cron: cronWithDefaults(raw.cron, pipeline) };
  const children = (list: RawInput[]) => list.map((child) => inputWithDefaults(child, pipeline));
  if (raw.cross) return { cross: children(raw.cross) };
  if (raw.union) return { union: children(raw.union) };
  if (raw.join) return { join: children(raw.join) };
  if (raw.group) return { group: children(raw.group) };
  throw new Error('input node without a kind passed validation');
}

function pfsWithDefaults(pfs: RawPfsInput, pipeline: PipelineRef): PfsInputSpec {
  return dropUndefined({
    name: pfs.name ?? pfs.repo,
    project: pfs.project ?? pipeline.project,
    repo: pfs.repo,
    branch: pfs.branch ?? DEFAULT_BRANCH,
    glob: normaliseGlob(pfs.glob),
    joinOn: pfs.joinOn,
    outerJoin: pfs.outerJoin ?? false,
    groupBy: pfs.groupBy,
    emptyFiles: pfs.emptyFiles ?? false,
    lazy: pfs.lazy ?? false,
  });
}

function cronWithDefaults(cron: RawCronInput, pipeline: PipelineRef): CronInputSpec {
  return dropUndefined({
    name: cron.name,
    project: cron.project ?? pipeline.project,
    repo: cron.repo ?? `${pipeline.name}_${cron.name}`,
    spec: cron.spec,
    overwrite: cron.overwrite ?? false,
    start: cron.start,
  });
}

function transformWithDefaults(raw: RawPipelineSpec['transform']): TransformSpec {
  return dropUndefined({
    image: raw.image,
    cmd: raw.cmd ?? [],
    stdin: raw.stdin ?? [],
    env: raw.env ?? {},
    workingDir: raw.workingDir,
    acceptReturnCode: raw.acceptReturnCode ?? [],
    errCmd: raw.errCmd ?? [],
    errStdin: raw.errStdin ?? [],
  });
}

function resourcesOrUndefined(raw: RawPipelineSpec['resourceRequests']): ResourceSpec | undefined {
  if (raw === undefined) return undefined;
  const resources = dropUndefined({ ...raw });
  return Object.keys(resources).length === 0 ? undefined : resources;
}

/** Removes keys whose value is `undefined`, so that optional fields are absent, not undefined. */
function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
