import type { Connection, Schema } from 'mongoose';

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

/**
 * The field a write stamps on the document it changes, in the same update (one document's write is
 * atomic, so a change is never without its stamp, even when the process dies right after it). The
 * 督查 roll-ups (supervision/repositories/rollup.repository.ts) look for stamped documents before
 * they answer, recompute the days those documents count on, then clear the stamp they saw.
 */
export const STATS_MARK_FIELD = 'statsMark';

let markCounter = 0;
const markPrefix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** A stamp no other write carries (this process's prefix and a counter): `{ statsMark }`. */
export function statsMark(): { statsMark: string } {
  markCounter = (markCounter + 1) % Number.MAX_SAFE_INTEGER;
  return { statsMark: `${markPrefix}.${markCounter.toString(36)}` };
}

/** How a bulk insert treats the stamps: `rollupsRebuiltByCaller` when the caller recomputes the days. */
export interface BulkInsertOptions {
  /** seed:history writes a year and computes the roll-ups of its days itself. */
  rollupsRebuiltByCaller?: boolean;
}

/** The documents of a bulk insert, each with its own stamp unless the caller rebuilds the roll-ups. */
export function stampedUnlessRebuilt<T extends object>(docs: T[], options: BulkInsertOptions = {}): T[] {
  return options.rollupsRebuiltByCaller ? docs : docs.map((d) => ({ ...d, ...statsMark() }));
}

/** Adds the stamp to a source's schema, with the sparse index the roll-ups find stamped documents by. */
export function withStatsMark<S extends Schema>(schema: S): S {
  schema.add({ [STATS_MARK_FIELD]: String });
  schema.index({ [STATS_MARK_FIELD]: 1 }, { sparse: true });
  return schema;
}
