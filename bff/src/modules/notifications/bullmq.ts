import { Redis } from 'ioredis';
import type { RedisHandle } from '../../infra/redis/connect-redis';

/**
 * BullMQ on the app's Redis. Queues use the app's key prefix (`<prefix>bull:<queue>:…`), so test
 * runs and environments sharing a Redis never see each other's jobs. Producers may reuse the app's
 * connection; a Worker needs its own blocking connection with `maxRetriesPerRequest: null`.
 */
export function bullPrefix(redis: Pick<RedisHandle, 'keyPrefix'>): string {
  return `${redis.keyPrefix}bull`;
}

export function workerConnection(redisUrl: string): Redis {
  return new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
}

export async function closeConnection(connection: Redis): Promise<void> {
  await connection.quit().catch(() => connection.disconnect());
}
