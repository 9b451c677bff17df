/** What the erasure service is built from: ports only, the adapters are the composition root's. */
import type { Logger } from '../../core/logger.js';
import type { GraphClient } from '../../graph-schema/graph-client.js';
import type { Pfs } from '../../pfs/create-pfs.js';
import type { ObjectStore } from '../../pfs/object-store/object-store.js';
import type { PipelineService } from '../../pipelines/service/index.js';
import type { AuditLog } from '../audit/index.js';
import type { KeyManagementService, SubjectKeyring } from '../keys/index.js';
import type { ErasureQueue } from './erasure-queue.js';

export interface ErasureServiceDeps {
  graph: GraphClient;
  pfs: Pfs;
  /** Certificates are stored under `certificates/<erasure id>.json|.html`. */
  objects: ObjectStore;
  /** The process's keyring: erasure destroys the subject's key through it. */
  keyring: SubjectKeyring;
  /** The key service, for the verification's own uncached keyring. */
  kms: KeyManagementService;
  /** Where execution is queued for the workers (`stemma-compliance`). */
  queue: ErasureQueue;
  /**
   * The queue namespace of `queue` (the queue prefix; default `stemma`): a request records the
   * namespace whose workers run it, and workers resume only their namespace's requests.
   */
  queueScope?: string;
  audit: AuditLog;
  /** Needed where execution runs (the workers): waits on the downstream jobs. */
  pipelines?: PipelineService;
  /** Also write certificates here (e.g. `.stemma/certificates` in local mode); null: only the object store. */
  certificateDir?: string | null;
  logger: Logger;
  clock?: () => Date;
}
