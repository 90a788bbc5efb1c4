import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tickBatcher } from '../../../infra/tick-batch';
import { createAnnouncements } from '../../../infra/redis/announcements';
import type { RedisHandle } from '../../../infra/redis/connect-redis';

/**
 * Login sessions in Redis. A session is a refresh-token family: each refresh token is single-use
 * and is replaced by the next one; presenting a used one again means it was stolen, so the whole
 * family is revoked. Refresh tokens are stored only as SHA-256 hashes. Each user also has a session
 * version: bumping it invalidates every access token issued before (role change, disabled account).
 *
 * Keys (under the Redis key prefix):
 * - `auth:fam:<sessionId>` → userId, for as long as the session lives
 * - `auth:rt:<sha256>` → `<sessionId>:<userId>`, a refresh token not yet used
 * - `auth:rt-used:<sha256>` → `1`, a refresh token already rotated (kept to detect reuse)
 * - `auth:user-sessions:<userId>` → set of the user's sessionIds (to revoke them all)
 * - `auth:ver:<userId>` → the user's session version (absent = 0)
 *
 * A read may skip the round trip: a session Redis confirmed current within `confirmTrustMs` (1 s)
 * counts, in this process, while its subscriber to `auth:sessions:changed` listens. Every revocation
 * (`s:<sessionId>`: logout, refresh-token reuse; `u:<userId>`: account disabled, role changed) is
 * forgotten here before and after it is written to Redis, then announced, and every process forgets
 * the session or the user's sessions when the announcement arrives. So a revoked token stops
 * working here at once and elsewhere as soon as the announcement lands (or after 1 s if it is lost).
 * Writes always ask Redis.
 */
export function createSessionStore(
  redis: RedisHandle,
  options: { refreshTtlSeconds: number; confirmTrustMs?: number; maxConfirmed?: number },
) {
  const client = redis.client;
  const p = redis.keyPrefix;
  const ttl = options.refreshTtlSeconds;
  const famKey = (sid: string) => `${p}auth:fam:${sid}`;
  const rtKey = (hash: string) => `${p}auth:rt:${hash}`;
  const usedKey = (hash: string) => `${p}auth:rt-used:${hash}`;
  const userKey = (uid: string) => `${p}auth:user-sessions:${uid}`;
  const verKey = (uid: string) => `${p}auth:ver:${uid}`;
  const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

  async function issueRefreshToken(sessionId: string, userId: string) {
    const token = randomBytes(32).toString('base64url');
    await client
      .multi()
      .set(rtKey(hashToken(token)), `${sessionId}:${userId}`, 'EX', ttl)
      .set(famKey(sessionId), userId, 'EX', ttl)
      .sadd(userKey(userId), sessionId)
      .expire(userKey(userId), ttl)
      .exec();
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }

  const confirmations = createConfirmations(redis, options);

  async function revokeSession(sessionId: string): Promise<void> {
    confirmations.forget(`s:${sessionId}`);
    const userId = await client.get(famKey(sessionId));
    await client.del(famKey(sessionId));
    if (userId) await client.srem(userKey(userId), sessionId);
    await confirmations.announce(`s:${sessionId}`);
  }

  /**
   * Every signed-in request asks `isCurrent`; the asks of one event-loop turn go as ONE `MGET` of
   * all their keys (see infra/tick-batch: read after each asked, nothing cached), so a burst
   * costs one Redis command per turn instead of one per request. Revocation is seen exactly as
   * before: the read happens after the request arrived.
   */
  const current = tickBatcher(async (asks: Array<{ sessionId: string; userId: string }>) => {
    const values = await client.mget(asks.flatMap((a) => [famKey(a.sessionId), verKey(a.userId)]));
    return asks.map((_, i) => ({ owner: values[2 * i], version: values[2 * i + 1] }));
  });

  return {
    async version(userId: string): Promise<number> {
      return Number((await client.get(verKey(userId))) ?? 0);
    },

    /** A new session for a user: its id and first refresh token. */
    async start(userId: string) {
      const sessionId = randomUUID();
      return { sessionId, refresh: await issueRefreshToken(sessionId, userId) };
    },

    /**
     * Uses a refresh token once. Answers the session and its next refresh token; `reused` when the
     * token had already been used (the session is then revoked); undefined when unknown or expired.
     */
    async rotate(
      token: string,
    ): Promise<
      | { ok: true; sessionId: string; userId: string; refresh: { token: string; expiresAt: Date } }
      | { ok: false; reason: 'unknown' | 'reused' }
    > {
      const hash = hashToken(token);
      const value = await client.get(rtKey(hash));
      if (!value) {
        const used = await client.get(usedKey(hash));
        if (used) {
          await revokeSession(used);
          return { ok: false, reason: 'reused' };
        }
        return { ok: false, reason: 'unknown' };
      }
      const [sessionId, userId] = value.split(':');
      // The first caller to mark the token used wins; a concurrent second one counts as reuse.
      const claimed = await client.set(usedKey(hash), sessionId, 'EX', ttl, 'NX');
      await client.del(rtKey(hash));
      if (claimed !== 'OK') {
        await revokeSession(sessionId);
        return { ok: false, reason: 'reused' };
      }
      if (!(await client.exists(famKey(sessionId)))) return { ok: false, reason: 'unknown' };
      return { ok: true, sessionId, userId, refresh: await issueRefreshToken(sessionId, userId) };
    },

    /**
     * Is this access token's session alive, and is it of the user's current version? One round trip,
     * or none for a read (`mayTrust`) of a session this process saw confirmed a moment ago.
     */
    async isCurrent(
      sessionId: string,
      userId: string,
      version: number,
      options: { mayTrust?: boolean } = {},
    ): Promise<boolean> {
      if (options.mayTrust && confirmations.trusted(sessionId, userId, version)) return true;
      const asked = confirmations.asking();
      const found = await current({ sessionId, userId });
      const alive = found.owner === userId && Number(found.version ?? 0) === version;
      if (alive) confirmations.confirmed(asked, sessionId, userId, version);
      return alive;
    },

    revokeSession,

    /** Ends every session of the user and invalidates their access tokens at once. */
    async revokeUser(userId: string): Promise<void> {
      confirmations.forget(`u:${userId}`);
      const sessions = await client.smembers(userKey(userId));
      const multi = client.multi().incr(verKey(userId)).del(userKey(userId));
      for (const sid of sessions) multi.del(famKey(sid));
      await multi.exec();
      await confirmations.announce(`u:${userId}`);
    },

    /** Invalidates the user's access tokens (their sessions stay; a refresh picks up the new claims). */
    async bumpVersion(userId: string): Promise<void> {
      confirmations.forget(`u:${userId}`);
      await client.incr(verKey(userId));
      await confirmations.announce(`u:${userId}`);
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;

/**
 * This process's memory of sessions Redis confirmed current (see createSessionStore). A revocation
 * (`s:<sessionId>` or `u:<userId>`) forgets what it touches and counts as a change: a check that was
 * already on its way to Redis when one happened does not leave its answer here.
 */
function createConfirmations(
  redis: RedisHandle,
  options: { confirmTrustMs?: number; maxConfirmed?: number },
) {
  const trustMs = options.confirmTrustMs ?? 1000;
  const max = options.maxConfirmed ?? 50_000;
  // By session id; insertion order = age order (re-inserted when confirmed again).
  const seen = new Map<string, { userId: string; version: number; at: number }>();
  let changes = 0;

  function forget(revocation: string): void {
    changes += 1;
    const id = revocation.slice(2);
    if (revocation.startsWith('s:')) seen.delete(id);
    else for (const [sessionId, s] of seen) if (s.userId === id) seen.delete(sessionId);
  }

  const announcements = createAnnouncements(redis, 'auth:sessions', {
    onMessage: forget,
    onReset() {
      changes += 1;
      seen.clear();
    },
  });

  return {
    forget,
    /** After the revocation is in Redis: forget again (a check answered meanwhile), then tell everyone. */
    async announce(revocation: string): Promise<void> {
      forget(revocation);
      // Lost, it costs the other processes at most trustMs; the revocation itself is done.
      await announcements.announce(revocation).catch(() => undefined);
    },
    trusted(sessionId: string, userId: string, version: number): boolean {
      if (!announcements.listening()) return false;
      const s = seen.get(sessionId);
      return !!s && s.userId === userId && s.version === version && Date.now() - s.at < trustMs;
    },
    /** A check goes to Redis: answers what `confirmed` needs to know whether anything changed since. */
    asking(): number {
      announcements.listen();
      return changes;
    },
    confirmed(asked: number, sessionId: string, userId: string, version: number): void {
      if (asked !== changes || trustMs <= 0) return;
      seen.delete(sessionId);
      seen.set(sessionId, { userId, version, at: Date.now() });
      if (seen.size > max) seen.delete(seen.keys().next().value as string);
    },
  };
}
