import type { Redis } from 'ioredis';
import type { Logger } from '../../../infra/logger';
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
  const channel = `${redis.keyPrefix}catalog:version:changed`;
  const trustMs = options.trustMs ?? 1000;
  let local: { value: number; confirmedAt: number } | undefined;
  let subscriber: Redis | undefined;

  function remember(value: number) {
    local = { value, confirmedAt: Date.now() };
  }

  function subscribe() {
    if (subscriber || redis.client.status !== 'ready') return;
    const sub = redis.client.duplicate({ lazyConnect: false, enableOfflineQueue: true });
    subscriber = sub;
    sub.on('message', (_channel: string, message: string) => remember(Number(message)));
    sub.on('error', () => undefined); // the trust window covers an absent subscriber
    sub
      .subscribe(channel)
      .catch((err: unknown) => options.logger?.warn({ err }, 'catalog: version subscription failed'));
    // The subscriber lives as long as the app's Redis client: closing that closes this one too.
    redis.client.once('end', () => sub.disconnect());
  }

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
      await redis.client.publish(channel, String(value));
      return value;
    },
    /** A version read from Redis (not from memory): keeps the remembered one fresh. */
    confirm(value: number) {
      remember(value);
      subscribe();
    },
    /** The version this process saw within the trust window, or undefined (then ask Redis). */
    known(): number | undefined {
      return local && Date.now() - local.confirmedAt < trustMs ? local.value : undefined;
    },
  };
}
export type CatalogVersion = ReturnType<typeof createCatalogVersion>;
