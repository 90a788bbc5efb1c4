import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tickBatcher } from '../../../infra/tick-batch';
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
 */
export function createSessionStore(redis: RedisHandle, options: { refreshTtlSeconds: number }) {
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

  async function revokeSession(sessionId: string): Promise<void> {
    const userId = await client.get(famKey(sessionId));
    await client.del(famKey(sessionId));
    if (userId) await client.srem(userKey(userId), sessionId);
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

    /** Is this access token's session alive, and is it of the user's current version? One round trip. */
    async isCurrent(sessionId: string, userId: string, version: number): Promise<boolean> {
      const found = await current({ sessionId, userId });
      return found.owner === userId && Number(found.version ?? 0) === version;
    },

    revokeSession,

    /** Ends every session of the user and invalidates their access tokens at once. */
    async revokeUser(userId: string): Promise<void> {
      const sessions = await client.smembers(userKey(userId));
      const multi = client.multi().incr(verKey(userId)).del(userKey(userId));
      for (const sid of sessions) multi.del(famKey(sid));
      await multi.exec();
    },

    /** Invalidates the user's access tokens (their sessions stay; a refresh picks up the new claims). */
    async bumpVersion(userId: string): Promise<void> {
      await client.incr(verKey(userId));
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
