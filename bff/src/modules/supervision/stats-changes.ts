import type { Connection } from 'mongoose';

/**
 * The data the 督查 figures read, by source. A write through one of these sources' repositories
 * bumps the source's version counter (Redis `stats:v:<source>`), so cached figures computed from the
 * old data are never served again.
 *
 * This file imports nothing of the app on purpose: the owning modules' repositories import it
 * directly (not through the supervision module's index), so there is no import cycle.
 */
export const STATS_SOURCES = [
  'catalog',
  'cases',
  'appointments',
  'consultations',
  'complaints',
  'ratings',
] as const;
export type StatsSource = (typeof STATS_SOURCES)[number];

type Listener = (source: StatsSource) => Promise<void>;
// Per connection: each app (and each test app) has its own Redis prefix and its own listener.
const listeners = new WeakMap<Connection, Listener>();

/** The supervision module listens (one listener per connection; the last registration wins). */
export function onStatsChange(connection: Connection, listener: Listener): void {
  listeners.set(connection, listener);
}

/**
 * A source's data changed: bump its version. Never fails nor slows the write: the bump is issued at
 * once (ioredis sends it before any later command of this process, so a read after the write sees
 * the new version) but not waited for — a frozen Redis must not hold every write for its timeout.
 * Redis down: the cached figures expire by their TTL.
 */
export function statsChanged(connection: Connection, source: StatsSource): void {
  const listener = listeners.get(connection);
  if (!listener) return;
  try {
    listener(source).catch(() => undefined);
  } catch {
    // a listener that throws at once: same as Redis down
  }
}

type AnyFn = (...args: never[]) => unknown;

/**
 * Wraps a repository's write methods: after each one resolves, the source's version is bumped.
 */
export function bumpingStats<T extends object>(
  connection: Connection,
  source: StatsSource,
  repo: T,
  writes: ReadonlyArray<keyof T>,
): T {
  const out = { ...repo } as T;
  for (const name of writes) {
    const fn = repo[name] as unknown as AnyFn;
    (out as Record<keyof T, unknown>)[name] = async (...args: never[]) => {
      const result = await fn.apply(out, args);
      statsChanged(connection, source);
      return result;
    };
  }
  return out;
}
