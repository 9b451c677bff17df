/**
 * The system queue: jobs that concern the worker fleet itself. `ping` answers with the
 * worker's identity, so a caller can prove that a worker is consuming.
 */
import { hostname } from 'node:os';
import type { WorkHandler } from './queue/work-queue.js';

export const systemQueueName = 'stemma-system';

export interface PingReply {
  pid: number;
  host: string;
  at: string;
}

export function createSystemProcessor(): WorkHandler<Record<string, never>, PingReply> {
  return async (item) => {
    if (item.name !== 'ping') throw new Error(`unknown system job ${item.name}`);
    return { pid: process.pid, host: hostname(), at: new Date().toISOString() };
  };
}
