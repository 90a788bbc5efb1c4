/**
 * A short in-process memory of session checks that Redis answered "current": when Redis cannot
 * answer (down, frozen, timing out), a token whose signature is valid and whose session was seen
 * current within `ttlMs` is still accepted — for reads only (see access-control.ts and the auth
 * README). It is never consulted while Redis answers, so a revocation is seen as soon as Redis is
 * back, and within `ttlMs` at worst during an outage. Bounded: the oldest entries go first.
 */
export function createRecentSessions(options: { ttlMs: number; max?: number; now?: () => number }) {
  const max = options.max ?? 50_000;
  const now = options.now ?? Date.now;
  // Insertion order = age order (an entry is re-inserted when confirmed again).
  const seen = new Map<string, number>();
  const key = (sessionId: string, userId: string, version: number) => `${sessionId}|${userId}|${version}`;

  return {
    /** Redis just said this session (at this version) is current. */
    remember(sessionId: string, userId: string, version: number): void {
      if (options.ttlMs <= 0) return;
      const k = key(sessionId, userId, version);
      seen.delete(k);
      seen.set(k, now() + options.ttlMs);
      while (seen.size > max) seen.delete(seen.keys().next().value as string);
    },

    /** Redis said it is not current (revoked, older version): forget it at once. */
    forget(sessionId: string, userId: string, version: number): void {
      seen.delete(key(sessionId, userId, version));
    },

    /** Seen current within the time-to-live (only asked while Redis cannot answer). */
    seenRecently(sessionId: string, userId: string, version: number): boolean {
      const k = key(sessionId, userId, version);
      const until = seen.get(k);
      if (until === undefined) return false;
      if (until < now()) {
        seen.delete(k);
        return false;
      }
      return true;
    },

    get size() {
      return seen.size;
    },
  };
}
export type RecentSessions = ReturnType<typeof createRecentSessions>;
