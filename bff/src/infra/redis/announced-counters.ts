import type { Logger } from '../logger';
import { createAnnouncements } from './announcements';
import type { RedisHandle } from './connect-redis';

/**
 * Version counters kept in Redis (`<prefix><name>:<field>`, bumped with INCR) that each process
 * also mirrors in memory, so a hot read needs no round trip to learn them. Every bump is announced
 * on a pub/sub channel (`<prefix><name>:changed`, message `<field>=<value>`) and every process that
 * listens updates its mirror as soon as the message arrives.
 *
 * A mirrored value is trusted only while this process's subscriber is connected, and for
 * `trustMs` at most since Redis last told it: a bump that was never announced (an INCR by hand, a
 * message lost while the subscriber reconnected) is therefore seen within `trustMs` at worst, as
 * if there were no mirror. A bump made by this process is seen by its next read (the field is
 * forgotten before the INCR is sent, and ioredis sends a later MGET after it).
 */
export function createAnnouncedCounters(
  redis: Pick<RedisHandle, 'client' | 'keyPrefix'>,
  name: string,
  options: { trustMs?: number; logger?: Logger } = {},
) {
  const keyOf = (field: string) => `${redis.keyPrefix}${name}:${field}`;
  const trustMs = options.trustMs ?? 1000;
  const mirror = new Map<string, { value: number; confirmedAt: number }>();
  // Per field: how many times it changed here. A read sent before a change does not overwrite it.
  const changes = new Map<string, number>();
  // Bumped whenever the mirror is emptied: a read sent before that teaches it nothing.
  let generation = 0;

  function learn(field: string, value: number) {
    const known = mirror.get(field);
    mirror.set(field, { value: Math.max(value, known?.value ?? value), confirmedAt: Date.now() });
  }

  function changed(field: string) {
    changes.set(field, (changes.get(field) ?? 0) + 1);
  }

  const announcements = createAnnouncements(redis, name, {
    onMessage(message) {
      const at = message.lastIndexOf('=');
      const field = message.slice(0, at);
      changed(field);
      learn(field, Number(message.slice(at + 1)));
    },
    onReset() {
      mirror.clear();
      generation += 1;
    },
    logger: options.logger,
  });

  function trusted(field: string): number | undefined {
    const known = announcements.listening() ? mirror.get(field) : undefined;
    return known && Date.now() - known.confirmedAt < trustMs ? known.value : undefined;
  }

  return {
    /** The counters' values from memory, when every one of them can be trusted now; else undefined. */
    known(fields: readonly string[]): number[] | undefined {
      const values: number[] = [];
      for (const field of fields) {
        const value = trusted(field);
        if (value === undefined) return undefined;
        values.push(value);
      }
      return values;
    },

    /** The counters' values, in the order asked (absent = 0); from memory when it can be trusted. */
    async read(fields: readonly string[]): Promise<number[]> {
      announcements.listen();
      const values = fields.map(trusted);
      const missing = fields.flatMap((_, i) => (values[i] === undefined ? [i] : []));
      if (missing.length === 0) return values as number[];
      const before = missing.map((i) => changes.get(fields[i]!) ?? 0);
      const generationBefore = generation;
      const read = await redis.client.mget(...missing.map((i) => keyOf(fields[i]!)));
      missing.forEach((i, k) => {
        const value = Number(read[k] ?? 0);
        values[i] = value;
        const unchanged = generation === generationBefore && (changes.get(fields[i]!) ?? 0) === before[k];
        if (unchanged) learn(fields[i]!, value);
      });
      return values as number[];
    },

    /** Bumps a counter and announces it to every process. */
    async bump(field: string): Promise<number> {
      changed(field);
      mirror.delete(field);
      const value = await redis.client.incr(keyOf(field));
      learn(field, value);
      await announcements.announce(`${field}=${value}`);
      return value;
    },
  };
}
export type AnnouncedCounters = ReturnType<typeof createAnnouncedCounters>;
