/**
 * The normalised pipeline spec: Pachyderm's spec with camelCase keys, every default
 * filled in and durations in milliseconds, plus Stemma's `model`. Two specs that mean the
 * same thing normalise to the same value (and the same `specHash`).
 */
export interface PipelineSpec {
  pipeline: { name: string; project: string };
  description?: string;
  input: InputSpec;
  transform: TransformSpec;
  parallelismSpec: { constant: number };
  /** How many times a datum is tried before the job fails (Pachyderm's default: 3). */
  datumTries: number;
  /** Milliseconds a datum may run. */
  datumTimeout?: number;
  /** Milliseconds a job may run. */
  jobTimeout?: number;
  resourceRequests?: ResourceSpec;
  resourceLimits?: ResourceSpec;
  autoscaling: boolean;
  reprocessSpec: ReprocessSpec;
  salt?: string;
  outputBranch: string;
  /** Stemma: files the pipeline writes under `path` are versions of model `name`. */
  model?: ModelSpec;
  /** Stemma: the decisions the pipeline writes under `path` are recorded against a version of `model`. */
  decisions?: DecisionsSpec;
}

/** One node of the input tree: exactly one kind. */
export type InputSpec =
  | { pfs: PfsInputSpec }
  | { cross: InputSpec[] }
  | { union: InputSpec[] }
  | { join: InputSpec[] }
  | { group: InputSpec[] }
  | { cron: CronInputSpec };

export type InputKind = 'pfs' | 'cross' | 'union' | 'join' | 'group' | 'cron';

export const INPUT_KINDS: readonly InputKind[] = ['pfs', 'cross', 'union', 'join', 'group', 'cron'];

export interface PfsInputSpec {
  /** Seen by the code as `/pfs/<name>`; defaults to the repo. */
  name: string;
  project: string;
  repo: string;
  branch: string;
  /** Cleaned as Pachyderm does: leading `/`, no trailing `/`. */
  glob: string;
  joinOn?: string;
  outerJoin: boolean;
  groupBy?: string;
  emptyFiles: boolean;
  lazy: boolean;
}

export interface CronInputSpec {
  name: string;
  project: string;
  /** The repo ticks are committed to; defaults to `<pipeline>_<name>`. */
  repo: string;
  /** Cron schedule: five or six fields, `@daily`-style macros or `@every <duration>`. */
  spec: string;
  overwrite: boolean;
  /** RFC 3339 time, normalised to UTC ISO form. */
  start?: string;
}

export interface TransformSpec {
  image?: string;
  cmd: string[];
  stdin: string[];
  env: Record<string, string>;
  workingDir?: string;
  acceptReturnCode: number[];
  errCmd: string[];
  errStdin: string[];
}

export interface ResourceSpec {
  cpu?: number;
  /** Kubernetes quantity, e.g. `64M`, `1Gi`. */
  memory?: string;
  disk?: string;
  gpu?: { type: string; number: number };
}

export type ReprocessSpec = 'until_success' | 'every_job';

export interface ModelSpec {
  name: string;
  /** Path in the output repo, with a leading `/`. */
  path: string;
}

export interface DecisionsSpec {
  /**
   * Where in the output repo the datums write decisions (leading `/`, no trailing `/`): every
   * `*.json` / `*.jsonl` file under it holds one JSON decision per line.
   */
  path: string;
  /** The model that made them: a name in the pipeline's project, or `project/name`. */
  model: string;
}

/** What `parsePipelineSpec` returns: the spec and what was ignored in it. */
export interface ParsedPipelineSpec {
  spec: PipelineSpec;
  /** Fields that were ignored or look like mistakes, each starting with its path. */
  warnings: string[];
}

/** The kind of an input node. */
export function inputKind(input: InputSpec): InputKind {
  return INPUT_KINDS.find((kind) => kind in input)!;
}
