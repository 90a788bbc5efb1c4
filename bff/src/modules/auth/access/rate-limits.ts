import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../../../config/config';
import { AppError } from '../../../http/app-error';
import { tickBatcher } from '../../../infra/tick-batch';
import type { RedisHandle } from '../../../infra/redis/connect-redis';

const DURATION_SECONDS = 60;

/**
 * The write limits of many requests in ONE script run. For each request in order, exactly what two
 * consecutive rate-limiter-flexible `consume`s did (its own incr-ttl script, per key): the IP key
 * first; only when that is within its points the account key (a request refused per IP never used
 * up its account's points). Answers per request `[0|1|2, msBeforeNext]`: 0 allowed, 1 refused per
 * IP, 2 refused per account.
 *
 * KEYS: per request its IP key, then its account key when it has one.
 * ARGV: ipPoints, accountPoints, durationSeconds, then per request '1' (has account) or '0'.
 */
const WRITE_LIMITS_LUA = `
local duration = tonumber(ARGV[3])
local function consume(key)
  redis.call('set', key, 0, 'EX', duration, 'NX')
  local consumed = redis.call('incrby', key, 1)
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, duration)
    ttl = 1000 * duration
  end
  return consumed, ttl
end
local out = {}
local k = 1
for i = 4, #ARGV do
  local hasAccount = ARGV[i] == '1'
  local consumed, ttl = consume(KEYS[k])
  k = k + 1
  if consumed > tonumber(ARGV[1]) then
    out[#out + 1] = {1, ttl}
    if hasAccount then k = k + 1 end
  elseif hasAccount then
    local accountConsumed, accountTtl = consume(KEYS[k])
    k = k + 1
    if accountConsumed > tonumber(ARGV[2]) then out[#out + 1] = {2, accountTtl} else out[#out + 1] = {0, 0} end
  else
    out[#out + 1] = {0, 0}
  end
end
return out
`;

type WriteLimitsClient = RedisHandle['client'] & {
  /** Defined without a fixed key count: the first argument is the number of keys. */
  bffWriteLimits(numberOfKeys: number, ...keysThenArgs: string[]): Promise<Array<[number, number]>>;
};

/**
 * Rate limits over Redis: every write per IP and per account, and logins per IP and per username.
 * Exceeding one answers 429 RATE_LIMITED with Retry-After.
 *
 * Logins use rate-limiter-flexible directly. Writes (every POST/PUT/PATCH/DELETE, so every booking of
 * the 8:00 burst) use the same keys and the same counting, but the writes of one event-loop turn go
 * to Redis as one script run (see WRITE_LIMITS_LUA and infra/tick-batch): one command per turn
 * instead of two round trips per request, one after the other.
 */
export function createRateLimits(redis: RedisHandle, config: AppConfig['auth']['rateLimit']) {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${redis.keyPrefix}rl:${name}`,
      points,
      duration: DURATION_SECONDS,
      rejectIfRedisNotReady: true,
    });
  const loginIp = limiter('login-ip', config.loginPerMinute);
  const loginAccount = limiter('login-account', config.loginPerMinute);

  const client = redis.client as WriteLimitsClient;
  if (typeof client.bffWriteLimits !== 'function') {
    client.defineCommand('bffWriteLimits', { lua: WRITE_LIMITS_LUA });
  }
  // rate-limiter-flexible's key format (`<keyPrefix>:<key>`), so counts carry over either way.
  const writeIpKey = (ip: string) => `${redis.keyPrefix}rl:write-ip:${ip}`;
  const writeAccountKey = (userId: string) => `${redis.keyPrefix}rl:write-account:${userId}`;
  const writeLimits = tickBatcher(async (asks: Array<{ ip: string; userId?: string }>) => {
    const keys: string[] = [];
    const flags: string[] = [];
    for (const { ip, userId } of asks) {
      keys.push(writeIpKey(ip));
      if (userId) keys.push(writeAccountKey(userId));
      flags.push(userId ? '1' : '0');
    }
    const args = [
      String(config.writePerMinuteIp),
      String(config.writePerMinuteAccount),
      String(DURATION_SECONDS),
    ];
    return client.bffWriteLimits(keys.length, ...keys, ...args, ...flags);
  });

  function limited(msBeforeNext: number): AppError {
    return new AppError('RATE_LIMITED', undefined, {
      retryAfterSeconds: Math.max(1, Math.ceil(msBeforeNext / 1000)),
    });
  }

  async function consume(rl: RateLimiterRedis, key: string): Promise<void> {
    try {
      await rl.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw limited(res.msBeforeNext);
      throw new AppError('SERVICE_UNAVAILABLE');
    }
  }

  return {
    write: async (ip: string, userId?: string) => {
      // Like rejectIfRedisNotReady: no waiting for a Redis that is not there.
      if (redis.client.status !== 'ready') throw new AppError('SERVICE_UNAVAILABLE');
      let answer: [number, number];
      try {
        answer = await writeLimits({ ip, userId });
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      if (answer[0] !== 0) throw limited(answer[1]);
    },
    login: async (ip: string, account?: string) => {
      await consume(loginIp, ip);
      if (account) await consume(loginAccount, account.toLowerCase());
    },
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
