import { randomBytes } from 'node:crypto';
import { createLogger } from '../../../infra/logger';
import { connectRedis, type RedisHandle } from '../../../infra/redis/connect-redis';
import { createRateLimits } from './rate-limits';

/**
 * The write limits run as one script per event-loop turn. What must hold is what two consecutive
 * rate-limiter-flexible consumes did: IP first, the account only when the IP is within its points,
 * counts in rate-limiter-flexible's keys, Retry-After from the key's TTL.
 */
let redis: RedisHandle;
beforeAll(async () => {
  const prefix = `test:rl:${randomBytes(4).toString('hex')}:`;
  redis = await connectRedis(
    process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix,
    createLogger({ level: 'silent' }),
  );
});
afterAll(async () => {
  const keys = await redis.client.keys(`${redis.keyPrefix}*`);
  if (keys.length) await redis.client.del(...keys);
  await redis.close();
});

async function outcome(p: Promise<void>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    const e = err as { code?: string; details?: { retryAfterSeconds?: number } };
    return `${e.code}${e.details?.retryAfterSeconds ? ` ${e.details.retryAfterSeconds}s` : ''}`;
  }
}

describe('write rate limits', () => {
  it('counts per IP and per account; a request refused per IP leaves its account points alone', async () => {
    const limits = createRateLimits(redis, {
      loginPerMinute: 5,
      writePerMinuteIp: 2,
      writePerMinuteAccount: 3,
    });
    // One turn: all five go in one script run, in order.
    const answers = await Promise.all(
      ['u1', 'u1', 'u1', 'u2', undefined].map((user) => outcome(limits.write('10.0.0.1', user))),
    );
    expect(answers).toEqual(['ok', 'ok', 'RATE_LIMITED 60s', 'RATE_LIMITED 60s', 'RATE_LIMITED 60s']);
    const get = (k: string) => redis.client.get(`${redis.keyPrefix}rl:${k}`);
    expect(await get('write-ip:10.0.0.1')).toBe('5');
    // Only the two requests the IP let through counted for u1; u2 was refused per IP first.
    expect(await get('write-account:u1')).toBe('2');
    expect(await get('write-account:u2')).toBeNull();
    expect(await redis.client.pttl(`${redis.keyPrefix}rl:write-ip:10.0.0.1`)).toBeGreaterThan(50_000);
  });

  it('refuses per account from another IP too, and keeps counting across turns', async () => {
    const limits = createRateLimits(redis, {
      loginPerMinute: 5,
      writePerMinuteIp: 100,
      writePerMinuteAccount: 2,
    });
    expect(await outcome(limits.write('10.0.0.2', 'u3'))).toBe('ok');
    expect(await outcome(limits.write('10.0.0.3', 'u3'))).toBe('ok');
    expect(await outcome(limits.write('10.0.0.4', 'u3'))).toBe('RATE_LIMITED 60s');
    expect(await outcome(limits.write('10.0.0.4', 'u4'))).toBe('ok');
  });
});
