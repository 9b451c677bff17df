import type { Logger } from '../../core/logger.js';
import type { DecisionGraph } from '../../graph-schema/decisions/index.js';
import type { DatumGraph, JobGraph, ModelGraph, PipelineGraph } from '../../graph-schema/pipelines/index.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import type { ObjectStore } from '../../pfs/object-store/object-store.js';
import type { JobScheduler } from './job-scheduler.js';

/** What running pipelines is built from: the file system, the graph, the object store and a scheduler. */
export interface PipelineDeps {
  pfs: Pfs;
  pipelines: PipelineGraph;
  jobs: JobGraph;
  datums: DatumGraph;
  models: ModelGraph;
  /** Where the decisions a pipeline writes are recorded (the spec's `decisions`). */
  decisions: DecisionGraph;
  /** Where jobs keep their plans, datum outputs and logs. */
  objects: ObjectStore;
  scheduler: JobScheduler;
  logger: Logger;
}
