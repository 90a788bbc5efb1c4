import type { Logger } from '../../../infra/logger';
import type { StatsCacheRepository } from '../repositories/stats-cache.repository';
import type { StatsSource } from '../stats-changes';

/**
 * Read-through cache of one figure response. Redis unavailable → the figure is computed (slower,
 * never wrong); the cache only ever saves work.
 */
export function createStatsCache(repo: StatsCacheRepository, logger: Logger) {
  return {
    async through<T>(key: string, sources: readonly StatsSource[], compute: () => Promise<T>): Promise<T> {
      let fullKey: string | undefined;
      try {
        fullKey = `${key}|v${await repo.versions(sources)}`;
        const hit = await repo.get(fullKey);
        if (hit) return JSON.parse(hit) as T;
      } catch (err) {
        logger.warn({ err }, 'supervision: stats cache unavailable, computing');
        fullKey = undefined;
      }
      const value = await compute();
      if (fullKey) await repo.set(fullKey, JSON.stringify(value)).catch(() => undefined);
      return value;
    },
  };
}
export type StatsCache = ReturnType<typeof createStatsCache>;
