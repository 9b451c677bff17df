import type { Logger } from '../../core/logger.js';
import type { RequestBody } from './request-body.js';

/** What a byte endpoint's handler gets besides the request and response. */
export interface PfsRouteContext {
  requestId: string;
  logger: Logger;
  /** Registers the request body being read, so that a failure can discard it or see an abort. */
  track(body: RequestBody): RequestBody;
}
