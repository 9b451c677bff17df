/**
 * The queue erasures are executed from: the port the service queues runs on, and the name of
 * the queue the workers consume (`stemma-compliance`). One work item per run of a request;
 * the lease on the request keeps two runs of it apart.
 */

/** The queue of erasure executions (consumed in workers/compliance). */
export const ERASURE_QUEUE = 'stemma-compliance';

export interface ErasureWorkData {
  erasureId: string;
}

/** One run of a request's execution, as a worker receives it. */
export interface ErasureWork extends ErasureWorkData {
  /** The work item's id (names the lease holder). */
  workId: string;
  /** 1 on the first attempt. */
  attempt: number;
}

export interface ErasureQueue {
  /** Queues a run of the request's execution; queuing the same `runId` twice queues it once. */
  enqueue(erasureId: string, runId: string): Promise<void>;
}

/** The work item id of one run of a request's execution (`round`: `first`, or a resumption's own). */
export function erasureWorkId(erasureId: string, round: string): string {
  return `erasure-${erasureId}-${round}`;
}
