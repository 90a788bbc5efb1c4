import type { RedisHandle } from '../../../infra/redis/connect-redis';
import {
  countMgets,
  redisProcesses,
  until,
  untilAnsweredFromMemory,
} from '../../../../test/support/redis-processes';
import { createSessionStore, type SessionStore } from './session-store';

/**
 * Session checks a read may take from memory. Two stores on one Redis prefix stand for two BFF
 * processes; the round trips are counted on each one's Redis client.
 */
const processes = redisProcesses('ss');

async function processOnPrefix(
  confirmTrustMs = 60_000,
): Promise<{ redis: RedisHandle; store: SessionStore }> {
  const redis = await processes.connect();
  return { redis, store: createSessionStore(redis, { refreshTtlSeconds: 600, confirmTrustMs }) };
}

const read = { mayTrust: true };

/** Until the store listens to revocations: a read of a session just confirmed needs no round trip. */
function untilListening(redis: RedisHandle, store: SessionStore, sessionId: string, userId: string) {
  return untilAnsweredFromMemory(redis, () => store.isCurrent(sessionId, userId, 0, read));
}

describe('session checks from memory', () => {
  it('a read of a session confirmed a moment ago asks Redis nothing; a write always asks', async () => {
    const a = await processOnPrefix();
    const { sessionId } = await a.store.start('u1');
    await untilListening(a.redis, a.store, sessionId, 'u1');
    const mgets = countMgets(a.redis);
    expect(await a.store.isCurrent(sessionId, 'u1', 0, read)).toBe(true);
    expect(mgets()).toBe(0);
    expect(await a.store.isCurrent(sessionId, 'u1', 0)).toBe(true);
    expect(mgets()).toBe(1);
    // Another user's claim on the same session, or an older version, is never taken from memory.
    expect(await a.store.isCurrent(sessionId, 'u2', 0, read)).toBe(false);
    expect(await a.store.isCurrent(sessionId, 'u1', 1, read)).toBe(false);
  });

  it('a logout in this process is seen by its very next read', async () => {
    const a = await processOnPrefix();
    const { sessionId } = await a.store.start('u1');
    await untilListening(a.redis, a.store, sessionId, 'u1');
    await a.store.revokeSession(sessionId);
    expect(await a.store.isCurrent(sessionId, 'u1', 0, read)).toBe(false);
  });

  it('a logout, a disabled account or a role change in another process reaches this one by its announcement', async () => {
    const [a, b] = [await processOnPrefix(), await processOnPrefix()];
    const first = await a.store.start('u1');
    const second = await a.store.start('u2');
    const third = await a.store.start('u3');
    for (const [s, u] of [
      [first.sessionId, 'u1'],
      [second.sessionId, 'u2'],
      [third.sessionId, 'u3'],
    ])
      await untilListening(a.redis, a.store, s, u);

    await b.store.revokeSession(first.sessionId);
    await until(async () => !(await a.store.isCurrent(first.sessionId, 'u1', 0, read)));
    await b.store.revokeUser('u2');
    await until(async () => !(await a.store.isCurrent(second.sessionId, 'u2', 0, read)));
    await b.store.bumpVersion('u3');
    await until(async () => !(await a.store.isCurrent(third.sessionId, 'u3', 0, read)));
    expect(await a.store.isCurrent(third.sessionId, 'u3', 1, read)).toBe(true);
  });

  it('a revocation nobody announced (keys deleted by hand) counts within the trust window', async () => {
    const a = await processOnPrefix(1000);
    const { sessionId } = await a.store.start('u1');
    await untilListening(a.redis, a.store, sessionId, 'u1');
    await a.redis.client.del(`${processes.prefix()}auth:fam:${sessionId}`);
    expect(await a.store.isCurrent(sessionId, 'u1', 0, read)).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await a.store.isCurrent(sessionId, 'u1', 0, read)).toBe(false);
  });
});
