import type { Logger } from '../../../infra/logger';
import type { RedisHandle } from '../../../infra/redis/connect-redis';
import type { ServiceItemRepository } from '../repositories/service-item.repository';

/** Takes the whole hash and deletes it atomically, so two instances never flush the same views. */
const DRAIN_SCRIPT = `
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return all
`;

/**
 * Item views counted in a Redis hash (one HINCRBY, not awaited by the reader) and added to the
 * items' `popularity` in one bulk write now and then. The flush is triggered by views themselves,
 * so there is no timer to stop at shutdown.
 */
export function createPopularityCounter(deps: {
  redis: RedisHandle;
  items: ServiceItemRepository;
  logger: Logger;
  flushIntervalMs?: number;
}) {
  const key = `${deps.redis.keyPrefix}catalog:views`;
  const interval = deps.flushIntervalMs ?? 60_000;
  let lastFlush = Date.now();
  let flushing: Promise<number> | undefined;

  async function drain(): Promise<number> {
    const flat = (await deps.redis.client.eval(DRAIN_SCRIPT, 1, key)) as string[];
    const counts = new Map<string, number>();
    for (let i = 0; i + 1 < flat.length; i += 2) counts.set(flat[i], Number(flat[i + 1]));
    try {
      await deps.items.incrementPopularity(counts);
    } catch (err) {
      // Put the views back for the next flush rather than lose them.
      const pipeline = deps.redis.client.pipeline();
      for (const [code, n] of counts) pipeline.hincrby(key, code, n);
      await pipeline.exec();
      throw err;
    }
    return counts.size;
  }

  const counter = {
    recordView(code: string): void {
      if (deps.redis.client.status !== 'ready') return;
      deps.redis.client.hincrby(key, code, 1).catch(() => undefined);
      if (Date.now() - lastFlush >= interval) {
        counter
          .flush()
          .catch((err: unknown) => deps.logger.warn({ err }, 'catalog: popularity flush failed'));
      }
    },
    /** Adds the counted views to the items; returns how many items changed. */
    flush(): Promise<number> {
      lastFlush = Date.now();
      flushing ??= drain().finally(() => (flushing = undefined));
      return flushing;
    },
  };
  return counter;
}
export type PopularityCounter = ReturnType<typeof createPopularityCounter>;
