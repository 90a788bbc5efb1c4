import { createHash } from 'node:crypto';
import type { ItemListQuery } from '@app/shared';
import type { Redis } from 'ioredis';
import type { RedisHandle } from '../../../infra/redis/connect-redis';

/**
 * Reads the catalog version and the cached answer for that version in one round trip, so a cache
 * hit costs a single Redis call. Returns [version, cached JSON or nil].
 */
const LOOKUP_SCRIPT = `
local v = redis.call('GET', KEYS[1]) or '0'
local hit = redis.call('GET', ARGV[1] .. v .. ':' .. ARGV[2])
return {v, hit}
`;

type LookupClient = Redis & {
  catalogLookup(versionKey: string, cachePrefix: string, queryKey: string): Promise<[string, string | null]>;
};

/**
 * Same filters in any order or spelling give the same key. Plain text (cheap to build and to look
 * up in memory on every request); hashed only when it becomes a Redis key.
 */
export function queryKey(query: ItemListQuery): string {
  return [
    (query.q ?? '').trim().toLowerCase(),
    query.department ?? '',
    query.theme ?? '',
    query.maxTrips ?? '',
    query.online === undefined ? '' : String(query.online),
    query.page,
    query.pageSize,
  ].join('\u0001');
}

const redisKeyOf = (key: string) => createHash('sha1').update(key).digest('base64url');

export function createSearchCache(redis: RedisHandle, versionKey: string, ttlSeconds = 300) {
  const cachePrefix = `${redis.keyPrefix}catalog:search:v`;
  const client = redis.client as LookupClient;
  // defineCommand uses EVALSHA (falls back to EVAL once); defined once per shared client.
  if (typeof client.catalogLookup !== 'function') {
    client.defineCommand('catalogLookup', { numberOfKeys: 1, lua: LOOKUP_SCRIPT });
  }
  return {
    async lookup(key: string): Promise<{ version: number; hit: string | null }> {
      const [version, hit] = await client.catalogLookup(versionKey, cachePrefix, redisKeyOf(key));
      return { version: Number(version), hit };
    },
    async store(version: number, key: string, json: string): Promise<void> {
      await client.set(`${cachePrefix}${version}:${redisKeyOf(key)}`, json, 'EX', ttlSeconds);
    },
  };
}
export type SearchCache = ReturnType<typeof createSearchCache>;
