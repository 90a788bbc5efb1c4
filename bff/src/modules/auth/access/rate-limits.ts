import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '../../../config/config';
import { AppError } from '../../../http/app-error';
import type { RedisHandle } from '../../../infra/redis/connect-redis';

/**
 * Rate limits over Redis (rate-limiter-flexible): every write per IP and per account, and logins
 * per IP and per username. Exceeding one answers 429 RATE_LIMITED with Retry-After.
 */
export function createRateLimits(redis: RedisHandle, config: AppConfig['auth']['rateLimit']) {
  const limiter = (name: string, points: number) =>
    new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${redis.keyPrefix}rl:${name}`,
      points,
      duration: 60,
      rejectIfRedisNotReady: true,
    });
  const writeIp = limiter('write-ip', config.writePerMinuteIp);
  const writeAccount = limiter('write-account', config.writePerMinuteAccount);
  const loginIp = limiter('login-ip', config.loginPerMinute);
  const loginAccount = limiter('login-account', config.loginPerMinute);

  async function consume(rl: RateLimiterRedis, key: string): Promise<void> {
    try {
      await rl.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) {
        throw new AppError('RATE_LIMITED', undefined, {
          retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
        });
      }
      throw new AppError('SERVICE_UNAVAILABLE');
    }
  }

  return {
    write: async (ip: string, userId?: string) => {
      await consume(writeIp, ip);
      if (userId) await consume(writeAccount, userId);
    },
    login: async (ip: string, account?: string) => {
      await consume(loginIp, ip);
      if (account) await consume(loginAccount, account.toLowerCase());
    },
  };
}
export type RateLimits = ReturnType<typeof createRateLimits>;
