import { prepareJson, type PreparedJson } from '../../../http/prepared-json';
import type { Logger } from '../../../infra/logger';
import type { StatsCacheRepository } from '../repositories/stats-cache.repository';
import type { StatsSource } from '../stats-changes';

/** Answers kept encoded in this process; a few hundred (period × filters) cover a day of use. */
const PREPARED_LIMIT = 300;
/**
 * How long this process trusts its own copy before reading Redis again: a write that bypassed the
 * version counters is then seen as soon as the Redis entry's TTL ends, as without this copy.
 */
const PREPARED_MS = 60_000;

/**
 * Read-through cache of one figure response. Redis unavailable → the figure is computed (slower,
 * never wrong); the cache only ever saves work.
 *
 * The Redis key carries the sources' version counters, so every process sees a write at once. On top
 * of it each process keeps the answers it sent, already encoded (UTF-8 and gzip), under that same
 * versioned key: a repeated request then costs one MGET of the counters and no JSON work at all.
 */
export function createStatsCache(repo: StatsCacheRepository, logger: Logger) {
  const prepared = new Map<string, { at: number; answer: PreparedJson }>();

  function remember(fullKey: string, answer: PreparedJson): PreparedJson {
    prepared.delete(fullKey);
    if (prepared.size >= PREPARED_LIMIT) prepared.delete(prepared.keys().next().value as string);
    prepared.set(fullKey, { at: Date.now(), answer });
    return answer;
  }

  /** The answer this process encoded under this versioned key, if within PREPARED_MS. */
  function sentRecently(fullKey: string): PreparedJson | undefined {
    const mine = prepared.get(fullKey);
    return mine && Date.now() - mine.at < PREPARED_MS ? mine.answer : undefined;
  }

  async function versionedKey(key: string, sources: readonly StatsSource[]): Promise<string | undefined> {
    try {
      return `${key}|v${await repo.versions(sources)}`;
    } catch (err) {
      logger.warn({ err }, 'supervision: stats cache unavailable, computing');
      return undefined;
    }
  }

  async function stored(fullKey: string): Promise<string | null> {
    try {
      return await repo.get(fullKey);
    } catch (err) {
      logger.warn({ err }, 'supervision: stats cache unavailable, computing');
      return null;
    }
  }

  return {
    async through<T>(key: string, sources: readonly StatsSource[], compute: () => Promise<T>): Promise<T> {
      const fullKey = await versionedKey(key, sources);
      const hit = fullKey ? await stored(fullKey) : null;
      if (hit) return JSON.parse(hit) as T;
      const value = await compute();
      if (fullKey) await repo.set(fullKey, JSON.stringify(value)).catch(() => undefined);
      return value;
    },

    /**
     * The answer this process sent for this key a moment ago, when it and the versions are in memory:
     * no Redis, no waiting (a repeated request is then answered within the turn it arrived in).
     */
    preparedHit(key: string, sources: readonly StatsSource[]): PreparedJson | undefined {
      const versions = repo.knownVersions(sources);
      return versions === undefined ? undefined : sentRecently(`${key}|v${versions}`);
    },

    /**
     * The same answer as `through`, encoded for sending (see sendPreparedJson); `present` shapes what
     * is sent from what is kept (the page's view of a figure: see figures.service `pageViewOf`).
     */
    async preparedThrough(
      key: string,
      sources: readonly StatsSource[],
      compute: () => Promise<unknown>,
      present?: (value: unknown) => unknown,
    ): Promise<PreparedJson> {
      const sent = (value: unknown, text: string) => {
        const shown = present ? present(value) : value;
        return prepareJson(shown === value ? text : JSON.stringify(shown));
      };
      const fullKey = await versionedKey(key, sources);
      if (!fullKey) {
        const value = await compute();
        return sent(value, JSON.stringify(value));
      }
      const mine = sentRecently(fullKey);
      if (mine) return mine;
      const hit = await stored(fullKey);
      if (hit) return remember(fullKey, present ? sent(JSON.parse(hit), hit) : prepareJson(hit));
      const value = await compute();
      const text = JSON.stringify(value);
      await repo.set(fullKey, text).catch(() => undefined);
      return remember(fullKey, sent(value, text));
    },
  };
}
export type StatsCache = ReturnType<typeof createStatsCache>;
