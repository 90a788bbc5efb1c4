import type { Logger } from '../../../infra/logger';
import { createAnnouncements } from '../../../infra/redis/announcements';
import type { RedisHandle } from '../../../infra/redis/connect-redis';

/**
 * One number in Redis for the whole published catalog. Every write that changes what the public
 * sees bumps it; every cache key contains it, so all BFF instances stop using old entries at once
 * without deleting anything (old entries simply expire).
 *
 * Each process also remembers the last version it saw, so hot searches can be answered from
 * memory without a Redis round trip: a bump is announced on a pub/sub channel (instances learn it
 * within milliseconds), and a remembered version is trusted for `trustMs` at most, which bounds
 * staleness if an announcement is ever missed.
 */
export function createCatalogVersion(
  redis: RedisHandle,
  options: { trustMs?: number; logger?: Logger } = {},
) {
  const key = `${redis.keyPrefix}catalog:version`;
  const trustMs = options.trustMs ?? 1000;
  let local: { value: number; confirmedAt: number } | undefined;

  function remember(value: number) {
    local = { value, confirmedAt: Date.now() };
  }

  // The trust window covers an absent subscriber; one that comes back forgets what it may have missed.
  const announcements = createAnnouncements(redis, 'catalog:version', {
    onMessage: (message) => remember(Number(message)),
    onReset: () => {
      local = undefined;
    },
    logger: options.logger,
  });

  return {
    key,
    async current(): Promise<number> {
      const value = Number((await redis.client.get(key)) ?? 0);
      remember(value);
      return value;
    },
    async bump(): Promise<number> {
      const value = await redis.client.incr(key);
      remember(value);
      await announcements.announce(String(value));
      return value;
    },
    /** A version read from Redis (not from memory): keeps the remembered one fresh. */
    confirm(value: number) {
      remember(value);
      announcements.listen();
    },
    /** The version this process saw within the trust window, or undefined (then ask Redis). */
    known(): number | undefined {
      return local && Date.now() - local.confirmedAt < trustMs ? local.value : undefined;
    },
  };
}
export type CatalogVersion = ReturnType<typeof createCatalogVersion>;
