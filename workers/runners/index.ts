// Runners: how a datum's transform runs with the /pfs contract. The Kubernetes runner is
// imported from './kubernetes-runner.js' by the composition root that needs it, so that
// processes running locally do not load the Kubernetes client.

export type { DatumInputDir, DatumRunResult, DatumTask, DatumTransform, LogLine, RunOptions, Runner, RunnerSession, SessionOptions } from './runner.js';
export { perDatumSession } from './runner.js';
export {
  createLocalProcessRunner,
  type BubblewrapPolicy,
  type LocalProcessRunner,
  type LocalProcessRunnerOptions,
  type PfsMode,
} from './local-process-runner.js';
export type { HostFilesystem } from './bubblewrap.js';
export { rewritePfsPaths } from './pfs-rewrite.js';
export { DEFAULT_MAX_LOG_LINES } from './log-collector.js';
export { buildDatumJobManifest, datumJobName, type DatumJobOptions } from './datum-job-manifest.js';
