import { gunzipSync } from 'node:zlib';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { createStatsCacheRepository } from '../repositories/stats-cache.repository';
import { createStatsCache } from './stats-cache';

/** The page's view of a figure is what is sent; what is kept in Redis (and exported) is the whole figure. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(() => env.close());

const cacheOf = () =>
  createStatsCache(createStatsCacheRepository(env.redis, { ttlSeconds: 60 }), env.deps.logger);
const sentJson = (prepared: { gzip: Buffer }) => JSON.parse(gunzipSync(prepared.gzip).toString('utf8'));

test('preparedThrough sends the presented view, computed or read back from Redis; through answers the whole figure', async () => {
  const whole = { list: [1, 2, 3, 4, 5], count: 5 };
  const present = (v: unknown) => ({ ...(v as typeof whole), list: (v as typeof whole).list.slice(0, 2) });
  let computed = 0;
  const compute = async () => (computed++, whole);

  const first = cacheOf();
  expect(sentJson(await first.preparedThrough('cut', ['cases'], compute, present))).toEqual({
    list: [1, 2],
    count: 5,
  });
  // Another process (nothing in its memory) reads the kept figure from Redis and cuts it the same way.
  const second = cacheOf();
  expect(sentJson(await second.preparedThrough('cut', ['cases'], compute, present))).toEqual({
    list: [1, 2],
    count: 5,
  });
  // The export's path gets the whole figure, from the same kept entry.
  expect(await second.through('cut', ['cases'], compute)).toEqual(whole);
  expect(computed).toBe(1);
});
