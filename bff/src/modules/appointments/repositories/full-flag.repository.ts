import type { Redis } from 'ioredis';

/**
 * A hint in Redis that a slot was full a moment ago, so the 8:00 burst is refused without touching
 * MongoDB (the ledger stays the only authority: the flag only ever refuses what the ledger refused
 * within the last `ttlMs`). Set when an attempt finds the slot full; cleared when a seat is released
 * or capacity changes; it expires by itself, so a missed clear costs at most `ttlMs` of "full".
 *
 * Each process also remembers a "full" answer for `localTtlMs` (default 200 ms, never more than
 * `ttlMs`), so a burst of thousands of refusals costs one Redis round trip per slot per interval
 * instead of one per attempt. A clear in this process drops the local memo at once; a clear made by
 * another process is seen here at most `localTtlMs` later.
 */
export function createFullFlagRepository(
  redis: { client: Redis; keyPrefix: string },
  ttlMs = 2000,
  localTtlMs = 200,
) {
  const key = (slotId: string) => `${redis.keyPrefix}appt:full:${slotId}`;
  const localTtl = Math.max(0, Math.min(localTtlMs, ttlMs));
  /** slotId → time (ms) until which this process treats the slot as full without asking Redis. */
  const local = new Map<string, number>();
  const remember = (slotId: string) => {
    if (localTtl === 0) return;
    if (local.size > 10_000) local.clear(); // bounded: hints only
    local.set(slotId, Date.now() + localTtl);
  };
  /** This process's memo only (no Redis): full a moment ago, as far as this process saw. */
  const knownFull = (slotId: string): boolean => {
    const until = local.get(slotId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    local.delete(slotId);
    return false;
  };
  return {
    knownFull,
    async isFull(slotId: string): Promise<boolean> {
      if (knownFull(slotId)) return true;
      try {
        const full = (await redis.client.exists(key(slotId))) === 1;
        if (full) remember(slotId);
        return full;
      } catch {
        return false; // Redis down: fall back to the ledger
      }
    },
    async markFull(slotId: string): Promise<void> {
      remember(slotId);
      await redis.client.set(key(slotId), '1', 'PX', ttlMs).catch(() => undefined);
    },
    async clear(slotIds: string[]): Promise<void> {
      if (slotIds.length === 0) return;
      for (const slotId of slotIds) local.delete(slotId);
      await redis.client.del(...slotIds.map(key)).catch(() => undefined);
    },
  };
}
export type FullFlagRepository = ReturnType<typeof createFullFlagRepository>;
