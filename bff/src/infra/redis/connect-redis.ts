import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { withTimeout } from '../mongo/connect-mongo';

export interface RedisHandle {
  client: Redis;
  keyPrefix: string;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * One ioredis client for the process. It reconnects forever with a capped backoff, so a Redis that
 * comes back is used again without restarting the BFF; commands fail fast while it is down instead
 * of queueing (readiness must answer quickly).
 */
export async function connectRedis(url: string, keyPrefix: string, logger: Logger): Promise<RedisHandle> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  let lastState = '';
  let closing = false;
  const report = (state: string) => {
    if (closing || state === lastState) return;
    lastState = state;
    if (state === 'ready') logger.info('Redis: ready');
    else logger.warn(`Redis: ${state}`);
  };
  client.on('ready', () => report('ready'));
  client.on('end', () => report('connection closed'));
  client.on('error', (err: Error) => report(`unavailable (${err.message})`));
  await client.connect();
  return {
    client,
    keyPrefix,
    async ping(timeoutMs = 1000) {
      if (client.status !== 'ready') return false;
      try {
        return (await withTimeout(client.ping(), timeoutMs)) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      closing = true;
      if (client.status === 'end') return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}
