/**
 * The runner port: runs one datum of a pipeline's transform with Pachyderm's file contract.
 * The code reads each input under `/pfs/<input name>/...` and writes its outputs under
 * `/pfs/out`; the runner decides how those paths reach the inputs and the output (bind
 * mounts, a path rewrite, a pod volume). No process, container or SDK type crosses it.
 */
import type { ResourceSpec } from '../../pipelines/spec/spec-types.js';

/** The command a datum runs: the pipeline spec's `transform`, as Pachyderm defines it. */
export interface DatumTransform {
  /** Container image; the local runner ignores it and runs on the host. */
  image?: string;
  /** The command and its arguments; must not be empty. */
  cmd: string[];
  /** Lines written to the command's stdin, joined with `\n` (`cmd: [bash]`, `stdin: [...]`). */
  stdin?: string[];
  /** Merged over the runner's minimal environment. */
  env?: Record<string, string>;
  workingDir?: string;
  /** Exit codes besides 0 that count as success. */
  acceptReturnCode?: number[];
  /** Run when the command fails; if it exits 0 the datum is recovered (skipped, not failed). */
  errCmd?: string[];
  errStdin?: string[];
}

/** One input of a datum, already on local disk. */
export interface DatumInputDir {
  /** The input's name: the code sees it as `/pfs/<name>`. */
  name: string;
  /** A local directory holding the datum's files of this input, laid out as in the repo. */
  dir: string;
}

/** Everything a runner needs to run one datum once (one attempt). */
export interface DatumTask {
  jobId: string;
  datumId: string;
  pipeline: { name: string; project: string };
  transform: DatumTransform;
  inputs: DatumInputDir[];
  /** An empty local directory that becomes `/pfs/out`. */
  outputDir: string;
  /** The attempt is killed after this many milliseconds. */
  timeoutMs?: number;
  /** A scratch directory private to this attempt. */
  workDir: string;
  /** The pipeline's resource requests and limits; used where the runner can enforce them. */
  resources?: { requests?: ResourceSpec; limits?: ResourceSpec };
}

/** One line the command printed, without its line break. */
export interface LogLine {
  stream: 'stdout' | 'stderr';
  line: string;
  /** ISO-8601 time the line was read. */
  at: string;
}

/** What became of one attempt at a datum. */
export interface DatumRunResult {
  /** The command's exit code, or null when it was ended by a signal or never started. */
  exitCode: number | null;
  /** The signal that ended the command (`SIGKILL`), or null. */
  signal: string | null;
  /** The attempt ran past `timeoutMs` and was killed. */
  timedOut: boolean;
  /** The caller's AbortSignal fired and the attempt was killed. */
  aborted: boolean;
  durationMs: number;
  /** The last lines printed (bounded); `droppedLogLines` counts those left out before them. */
  logs: LogLine[];
  droppedLogLines: number;
  /** The command exited 0 or with a code in `acceptReturnCode`. */
  succeeded: boolean;
  /** The command failed and `errCmd` exited 0: the datum is skipped, not failed. */
  recovered: boolean;
}

export interface RunOptions {
  /** Aborting kills the attempt; the result then has `aborted: true`. */
  signal?: AbortSignal;
  /** Called with every line as it is printed, in order. */
  onLog?: (line: LogLine) => void;
}

/** Where a session may keep its own files, and whose datums it runs. */
export interface SessionOptions {
  jobId: string;
  pipeline: { name: string; project: string };
  /**
   * An existing local directory private to the session. The work, input and output
   * directories of the tasks it runs should lie under it (one filesystem), so that a
   * runner can move them into place instead of copying; a task whose directories lie
   * elsewhere still runs, on its own.
   */
  scratchDir: string;
}

/**
 * Datums of one job run one after another, sharing what a runner can set up once (the
 * local runner's sandbox). Each `run` has the same contract as `Runner.run`: its own
 * `/pfs`, environment, logs, exit code and timeout.
 */
export interface RunnerSession {
  run(task: DatumTask, opts?: RunOptions): Promise<DatumRunResult>;
  /** Ends what the session set up; a datum still running is stopped. */
  close(): Promise<void>;
}

/**
 * Runs datums. A failed command is a result (`succeeded: false`), not an exception: the
 * caller decides about retries. `run` rejects only when the task itself is invalid or the
 * runner cannot work at all (a `StemmaError` that says what to fix).
 */
export interface Runner {
  /** The adapter's name, for logs: `local-process`, `kubernetes`. */
  readonly kind: string;
  run(task: DatumTask, opts?: RunOptions): Promise<DatumRunResult>;
  /** Opens a session for a batch of datums (a runner with nothing to share runs each alone). */
  openSession(opts: SessionOptions): Promise<RunnerSession>;
}

/** A session that runs each datum alone through `runner.run`: for runners with nothing to share. */
export function perDatumSession(runner: Pick<Runner, 'run'>): RunnerSession {
  return { run: (task, opts) => runner.run(task, opts), close: async () => undefined };
}
