/**
 * Key revocations over Redis pub/sub: `announce` publishes the subject id on one channel of
 * the deployment; each subscribing process holds a connection of its own. Pub/sub delivers
 * only to connected subscribers, so every (re)connection of that connection asks the keyring
 * to forget all its cached keys: a process never trusts a cache that may have missed a message.
 */
import { Redis } from 'ioredis';
import { silentLogger, type Logger } from '../../core/logger.js';
import type { KeyRevocationChannel } from './key-revocation-channel.js';

export interface RedisKeyRevocationConfig {
  url: string;
  /** The pub/sub channel (default `stemma:key-revocations`); every process of a deployment uses the same. */
  channel?: string;
}

export const DEFAULT_REVOCATION_CHANNEL = 'stemma:key-revocations';

export function createRedisKeyRevocationChannel(config: RedisKeyRevocationConfig, logger: Logger = silentLogger): KeyRevocationChannel {
  const log = logger.child({ component: 'key-revocations' });
  const channel = config.channel ?? DEFAULT_REVOCATION_CHANNEL;
  const connect = (role: string, subscriber: boolean): Redis => {
    // The subscriber waits for Redis as long as it takes; the publisher fails after two retries.
    const conn = new Redis(config.url, {
      maxRetriesPerRequest: subscriber ? null : 2,
      connectTimeout: 5_000,
      retryStrategy: (times) => Math.min(times * 200, 2000),
      lazyConnect: !subscriber,
    });
    conn.on('error', (err) => log.debug({ err: err.message, role }, 'redis connection error'));
    return conn;
  };
  const publisher = connect('publisher', false);
  const subscribers = new Set<Redis>();

  return {
    async announce(subjectId) {
      await publisher.publish(channel, subjectId);
    },

    async subscribe(onRevoked, onResync) {
      const sub = connect('subscriber', true);
      subscribers.add(sub);
      let connectedOnce = false;
      sub.on('message', (from: string, subjectId: string) => {
        if (from === channel) onRevoked(subjectId);
      });
      // After a reconnection ioredis subscribes again; what was published meanwhile is lost.
      sub.on('ready', () => {
        if (connectedOnce) onResync();
        connectedOnce = true;
      });
      sub.on('close', () => onResync());
      await sub.subscribe(channel);
      return async () => {
        subscribers.delete(sub);
        await closeConnection(sub);
      };
    },

    async close() {
      await Promise.allSettled([...subscribers].map(closeConnection));
      subscribers.clear();
      await closeConnection(publisher);
    },
  };
}

/** Quits a connected connection; drops one that is not (a queued QUIT would wait for Redis forever). */
async function closeConnection(conn: Redis): Promise<void> {
  if (conn.status !== 'ready') {
    conn.disconnect();
    return;
  }
  await conn.quit().catch(() => conn.disconnect());
}
