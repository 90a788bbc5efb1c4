import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { StatsSource } from '../stats-changes';

/**
 * The figures' Redis cache. A key holds the route, the day, the period and filters and the version
 * counters of the sources the figure reads (`stats:v:<source>`, bumped by their write paths): a write
 * changes the key, so the old answer is never read again and expires by its TTL.
 */
export function createStatsCacheRepository(redis: RedisHandle, ttlSeconds: number) {
  const k = (suffix: string) => `${redis.keyPrefix}stats:${suffix}`;
  return {
    async bump(source: StatsSource): Promise<void> {
      await redis.client.incr(k(`v:${source}`));
    },
    async versions(sources: readonly StatsSource[]): Promise<string> {
      const values = await redis.client.mget(...sources.map((s) => k(`v:${s}`)));
      return values.map((v) => v ?? '0').join('.');
    },
    async get(key: string): Promise<string | null> {
      return redis.client.get(k(`c:${key}`));
    },
    async set(key: string, value: string): Promise<void> {
      await redis.client.set(k(`c:${key}`), value, 'EX', ttlSeconds);
    },
  };
}
export type StatsCacheRepository = ReturnType<typeof createStatsCacheRepository>;
