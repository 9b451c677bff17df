import type { Logger } from '../../core/logger.js';
import type { Actor } from '../auth/actor.js';
import type { RequestBody } from './request-body.js';

/** What a byte endpoint's handler gets besides the request and response. */
export interface PfsRouteContext {
  requestId: string;
  /** Who makes the request. */
  actor: Actor;
  logger: Logger;
  /** Registers the request body being read, so that a failure can discard it or see an abort. */
  track(body: RequestBody): RequestBody;
}
