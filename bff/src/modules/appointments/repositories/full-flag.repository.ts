import type { Redis } from 'ioredis';

/**
 * A hint in Redis that a slot was full a moment ago, so the 8:00 burst is refused without touching
 * MongoDB (the ledger stays the only authority: the flag only ever refuses what the ledger refused
 * within the last `ttlMs`). Set when an attempt finds the slot full; cleared when a seat is released
 * or capacity changes; it expires by itself, so a missed clear costs at most `ttlMs` of "full".
 */
export function createFullFlagRepository(redis: { client: Redis; keyPrefix: string }, ttlMs = 2000) {
  const key = (slotId: string) => `${redis.keyPrefix}appt:full:${slotId}`;
  return {
    async isFull(slotId: string): Promise<boolean> {
      try {
        return (await redis.client.exists(key(slotId))) === 1;
      } catch {
        return false; // Redis down: fall back to the ledger
      }
    },
    async markFull(slotId: string): Promise<void> {
      await redis.client.set(key(slotId), '1', 'PX', ttlMs).catch(() => undefined);
    },
    async clear(slotIds: string[]): Promise<void> {
      if (slotIds.length === 0) return;
      await redis.client.del(...slotIds.map(key)).catch(() => undefined);
    },
  };
}
export type FullFlagRepository = ReturnType<typeof createFullFlagRepository>;
