import type { RedisHandle } from '../../../infra/redis/connect-redis';

export interface LockoutOptions {
  /** Failures of one account from one address within the window that lock that address out of it. */
  maxFailures: number;
  windowSeconds: number;
  /** How long an address stays locked out of the account. */
  lockSeconds: number;
  /** Distinct failing addresses (each at least one failure) within the window for the account-wide lock. */
  accountLockAddresses: number;
  /** How long the account-wide lock lasts: shorter than the address lock. */
  accountLockSeconds: number;
}

export interface Lock {
  until: Date;
  /** `address`: only this address is kept out of the account; `account`: everybody is. */
  scope: 'address' | 'account';
}

/** What the owner is told at their next successful login: failures since their last one. */
export interface FailedAttemptsNotice {
  count: number;
  lastAt: string;
  addresses: number;
}

/** How long the unread notice of failed attempts is kept. */
const NOTICE_TTL_SECONDS = 90 * 86400;

/**
 * Password guessing is kept out without handing anybody a switch that locks a colleague out:
 * - `maxFailures` failures of one account from one address within `windowSeconds` lock THAT address
 *   out of that account for `lockSeconds` (the owner at their own desk still gets in);
 * - the whole account is locked only when failures came from `accountLockAddresses` different
 *   addresses within the window (a distributed attack) and at least 2 × `maxFailures` failures in
 *   all, and only for the shorter `accountLockSeconds`;
 * - every failure on an existing account is kept for its owner's next successful login
 *   (`noteForOwner`, `takeNotice`); unknown usernames leave nothing behind but short-lived counters.
 *
 * Keys (usernames lower-cased; addresses as Koa reports them):
 * `auth:fail:<u>@<ip>` counter, `auth:lock:<u>@<ip>` address lock, `auth:failaddrs:<u>` set of
 * failing addresses, `auth:failtotal:<u>` counter, `auth:lock:<u>` account lock, `auth:notice:<u>` hash.
 */
export function createLoginLockout(redis: RedisHandle, options: LockoutOptions) {
  const client = redis.client;
  const p = redis.keyPrefix;
  const user = (u: string) => u.toLowerCase();
  const keys = (u: string, ip: string) => ({
    fail: `${p}auth:fail:${user(u)}@${ip}`,
    addressLock: `${p}auth:lock:${user(u)}@${ip}`,
    addresses: `${p}auth:failaddrs:${user(u)}`,
    total: `${p}auth:failtotal:${user(u)}`,
    accountLock: `${p}auth:lock:${user(u)}`,
    notice: `${p}auth:notice:${user(u)}`,
  });
  const inMs = (ms: number) => new Date(Date.now() + ms);

  return {
    /** The lock keeping this address out of the account now, if any (the account-wide one first). */
    async lockedFor(username: string, ip: string): Promise<Lock | undefined> {
      const k = keys(username, ip);
      const [[, account], [, address]] = (await client
        .multi()
        .pttl(k.accountLock)
        .pttl(k.addressLock)
        .exec()) as [[null, number], [null, number]];
      if (account > 0) return { until: inMs(account), scope: 'account' };
      if (address > 0) return { until: inMs(address), scope: 'address' };
      return undefined;
    },

    /** Counts a failure; answers the lock it caused, if it caused one. */
    async recordFailure(username: string, ip: string): Promise<Lock | undefined> {
      const k = keys(username, ip);
      const w = options.windowSeconds;
      const replies = (await client
        .multi()
        .incr(k.fail)
        .expire(k.fail, w, 'NX')
        .sadd(k.addresses, ip)
        .expire(k.addresses, w, 'NX')
        .scard(k.addresses)
        .incr(k.total)
        .expire(k.total, w, 'NX')
        .exec()) as Array<[null, number]>;
      const fromHere = replies[0][1];
      const addresses = replies[4][1];
      const total = replies[5][1];
      if (addresses >= options.accountLockAddresses && total >= 2 * options.maxFailures) {
        await client
          .multi()
          .set(k.accountLock, '1', 'EX', options.accountLockSeconds)
          .del(k.addresses, k.total)
          .exec();
        return { until: inMs(options.accountLockSeconds * 1000), scope: 'account' };
      }
      if (fromHere >= options.maxFailures) {
        await client.multi().set(k.addressLock, '1', 'EX', options.lockSeconds).del(k.fail).exec();
        return { until: inMs(options.lockSeconds * 1000), scope: 'address' };
      }
      return undefined;
    },

    /** Remembers a failure on an existing account for its owner's next login. */
    async noteForOwner(username: string, ip: string): Promise<void> {
      const k = keys(username, ip);
      await client
        .multi()
        .hincrby(k.notice, 'count', 1)
        .hset(k.notice, 'lastAt', new Date().toISOString())
        .pfadd(`${k.notice}:addrs`, ip)
        .expire(k.notice, NOTICE_TTL_SECONDS)
        .expire(`${k.notice}:addrs`, NOTICE_TTL_SECONDS)
        .exec();
    },

    /** A successful login from this address: its failure count starts over. */
    async clear(username: string, ip: string): Promise<void> {
      await client.del(keys(username, ip).fail);
    },

    /** The failures since the owner's last successful login, read once (then forgotten). */
    async takeNotice(username: string): Promise<FailedAttemptsNotice | undefined> {
      const k = keys(username, '');
      const [[, notice], [, addresses]] = (await client
        .multi()
        .hgetall(k.notice)
        .pfcount(`${k.notice}:addrs`)
        .del(k.notice, `${k.notice}:addrs`)
        .exec()) as [[null, Record<string, string>], [null, number]];
      const count = Number(notice?.count ?? 0);
      if (!count) return undefined;
      return { count, lastAt: notice.lastAt, addresses };
    },
  };
}
export type LoginLockout = ReturnType<typeof createLoginLockout>;
