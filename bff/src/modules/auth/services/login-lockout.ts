import type { RedisHandle } from '../../../infra/redis/connect-redis';

/**
 * Failed password logins per account: `maxFailures` within `windowSeconds` lock the account for
 * `lockSeconds`. Keys: `auth:fail:<username>` (counter) and `auth:lock:<username>` (the lock).
 */
export function createLoginLockout(
  redis: RedisHandle,
  options: { maxFailures: number; windowSeconds: number; lockSeconds: number },
) {
  const client = redis.client;
  const failKey = (u: string) => `${redis.keyPrefix}auth:fail:${u.toLowerCase()}`;
  const lockKey = (u: string) => `${redis.keyPrefix}auth:lock:${u.toLowerCase()}`;
  return {
    /** When the lock ends, if the account is locked now. */
    async lockedUntil(username: string): Promise<Date | undefined> {
      const ms = await client.pttl(lockKey(username));
      return ms > 0 ? new Date(Date.now() + ms) : undefined;
    },
    /** Counts a failure; answers the end of the lock when this failure locked the account. */
    async recordFailure(username: string): Promise<Date | undefined> {
      const [[, count]] = (await client
        .multi()
        .incr(failKey(username))
        .expire(failKey(username), options.windowSeconds, 'NX')
        .exec()) as [[null, number], [null, number]];
      if (count < options.maxFailures) return undefined;
      await client
        .multi()
        .set(lockKey(username), '1', 'EX', options.lockSeconds)
        .del(failKey(username))
        .exec();
      return new Date(Date.now() + options.lockSeconds * 1000);
    },
    async clear(username: string): Promise<void> {
      await client.del(failKey(username));
    },
  };
}
export type LoginLockout = ReturnType<typeof createLoginLockout>;
