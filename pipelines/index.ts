// Pipelines: Pachyderm-compatible specs, glob matching, datum planning, job states.

export { parsePipelineSpec, readPipelineSpecFile, type SpecFormat } from './spec/parse-pipeline-spec.js';
export {
  INPUT_KINDS,
  inputKind,
  type CronInputSpec,
  type InputKind,
  type InputSpec,
  type ModelSpec,
  type ParsedPipelineSpec,
  type PfsInputSpec,
  type PipelineSpec,
  type ReprocessSpec,
  type ResourceSpec,
  type TransformSpec,
} from './spec/spec-types.js';
export { canonicalJson, specHash } from './spec/spec-hash.js';
export { inputRepos, leafRepos, type InputRepoRef } from './spec/input-repos.js';
export { parseDuration } from './spec/duration.js';
export { DEFAULT_BRANCH, DEFAULT_DATUM_TRIES, DEFAULT_PROJECT } from './spec/apply-defaults.js';

export { detectCycle, type PipelineInputRepo, type PipelineNode } from './detect-cycle.js';

export { compileGlob, normaliseGlob, normalisePath, type GlobMatch, type GlobMatcher } from '../pfs/glob/compile-glob.js';
export { matchDatumRoots, type DatumRoot } from '../pfs/glob/datum-roots.js';
export { expandTemplate, templateGroups } from '../pfs/glob/capture-template.js';

export { planDatums } from './datums/plan-datums.js';
export { datumHash, datumId } from './datums/datum-identity.js';
export type { Datum, DatumHashContext, DatumInput, FileEntry, ListFiles, PlanDatumsOptions } from './datums/datum-types.js';

export { canTransitionJob, isTerminal, JOB_STATES, transitionJob, type JobState } from './job-state.js';
