import { createAnnouncedCounters } from '../../../infra/redis/announced-counters';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { Logger } from '../../../infra/logger';
import type { StatsSource } from '../stats-changes';

/**
 * The figures' Redis cache. A key holds the route, the day, the period and filters and the version
 * counters of the sources the figure reads (`stats:v:<source>`, bumped by their write paths): a write
 * changes the key, so the old answer is never read again and expires by its TTL.
 *
 * The counters are mirrored in each process and every bump is announced (infra/redis/announced-counters):
 * a cached figure is then answered without asking Redis for them, and a bump made anywhere is seen
 * as soon as its announcement arrives (within `versionTrustMs` if one is ever missed).
 */
/** The version counters, as every process reads them; also for scripts that change the data. */
export function statsVersions(
  redis: Pick<RedisHandle, 'client' | 'keyPrefix'>,
  options: { trustMs?: number; logger?: Logger } = {},
) {
  return createAnnouncedCounters(redis, 'stats:v', options);
}

export function createStatsCacheRepository(
  redis: RedisHandle,
  options: { ttlSeconds: number; versionTrustMs?: number; logger?: Logger },
) {
  const k = (suffix: string) => `${redis.keyPrefix}stats:${suffix}`;
  const counters = statsVersions(redis, {
    trustMs: options.versionTrustMs,
    logger: options.logger,
  });
  const ttlSeconds = options.ttlSeconds;
  return {
    async bump(source: StatsSource): Promise<void> {
      await counters.bump(source);
    },
    async versions(sources: readonly StatsSource[]): Promise<string> {
      return (await counters.read(sources)).join('.');
    },
    /** The versions from this process's mirror, when it can answer for all of them now. */
    knownVersions(sources: readonly StatsSource[]): string | undefined {
      return counters.known(sources)?.join('.');
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
