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
 * comes back is used again without restarting the BFF. Commands never wait for Redis:
 * - while it is disconnected they fail at once (offline queue off — queueing them would hold every
 *   request for the outage, and a burst of them would all run late and at once when it came back);
 * - while it is connected but not answering (frozen, `DEBUG SLEEP`) each command fails after
 *   `commandTimeoutMs` (REDIS_COMMAND_TIMEOUT_MS, 500 ms), so a request pays at most that.
 * Callers that can do without Redis degrade; the others answer 503 (infra/store-errors.ts).
 */
export async function connectRedis(
  url: string,
  keyPrefix: string,
  logger: Logger,
  options: { commandTimeoutMs?: number } = {},
): Promise<RedisHandle> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: options.commandTimeoutMs ?? 500,
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
