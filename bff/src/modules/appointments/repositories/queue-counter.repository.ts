import type { Redis } from 'ioredis';

/** Queue numbers per hall, day and window type: one Redis INCR, so two BFF processes never hand out the same. */
export function createQueueCounterRepository(redis: { client: Redis; keyPrefix: string }) {
  return {
    async next(hallCode: string, date: string, letter: string): Promise<number> {
      const key = `${redis.keyPrefix}appt:queue:${hallCode}:${date}:${letter}`;
      const result = await redis.client
        .multi()
        .incr(key)
        .expire(key, 3 * 24 * 3600)
        .exec();
      const [err, value] = result?.[0] ?? [new Error('Redis MULTI returned nothing'), null];
      if (err) throw err;
      return Number(value);
    },
  };
}
export type QueueCounterRepository = ReturnType<typeof createQueueCounterRepository>;
