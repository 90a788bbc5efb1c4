import { randomBytes } from 'node:crypto';
import { createLogger } from '../logger';
import { createAnnouncedCounters, type AnnouncedCounters } from './announced-counters';
import { connectRedis, type RedisHandle } from './connect-redis';

/**
 * Two handles on one prefix stand for two BFF processes (each its own connections and subscriber),
 * against the real Redis.
 */
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ level: 'silent' });
const handles: RedisHandle[] = [];
let prefix: string;

async function processOnPrefix(): Promise<RedisHandle> {
  const handle = await connectRedis(url, prefix, logger);
  handles.push(handle);
  return handle;
}

/** Counts the MGETs a handle sends (the round trips the mirror is there to spare). */
function countMgets(handle: RedisHandle): () => number {
  const spy = jest.spyOn(handle.client, 'mget');
  return () => spy.mock.calls.length;
}

async function until(check: () => Promise<boolean>, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the process listens to announcements: a field it has read is then answered from memory. */
async function untilMirrored(handle: RedisHandle, counters: AnnouncedCounters): Promise<void> {
  await until(async () => {
    await counters.read(['probe']);
    const mgets = countMgets(handle);
    await counters.read(['probe']);
    const fromMemory = mgets() === 0;
    jest.restoreAllMocks();
    return fromMemory;
  });
}

beforeEach(() => {
  prefix = `test:ac:${randomBytes(4).toString('hex')}:`;
});
afterEach(async () => {
  const [live] = handles;
  if (live) {
    const keys = await live.client.keys(`${prefix}*`);
    if (keys.length) await live.client.del(...keys);
  }
  await Promise.all(handles.splice(0).map((h) => h.close()));
});

describe('announced counters', () => {
  it('a bump in one process reaches the other by its announcement: its reads then need no round trip', async () => {
    const [a, b] = [await processOnPrefix(), await processOnPrefix()];
    const inA = createAnnouncedCounters(a, 'v', { trustMs: 60_000 });
    const inB = createAnnouncedCounters(b, 'v', { trustMs: 60_000 });
    expect(await inA.read(['x', 'y'])).toEqual([0, 0]);
    await untilMirrored(a, inA);
    await inA.read(['x', 'y']);
    const mgets = countMgets(a);

    expect(await inB.bump('x')).toBe(1);
    await until(async () => (await inA.read(['x', 'y']))[0] === 1);
    expect(await inA.read(['x', 'y'])).toEqual([1, 0]);
    expect(mgets()).toBe(0);
    expect(await a.client.get(`${prefix}v:x`)).toBe('1');
  });

  it('its own bump is seen by its very next read, even while the INCR is on its way', async () => {
    const a = await processOnPrefix();
    const counters = createAnnouncedCounters(a, 'v', { trustMs: 60_000 });
    await counters.read(['x']);
    const bumped = counters.bump('x'); // not awaited: the write path does not wait either
    expect(await counters.read(['x'])).toEqual([1]);
    await bumped;
    expect(await counters.read(['x'])).toEqual([1]);
  });

  it('a read sent before a bump does not leave the older value in the mirror', async () => {
    const a = await processOnPrefix();
    const counters = createAnnouncedCounters(a, 'v', { trustMs: 60_000 });
    await untilMirrored(a, counters);
    const before = counters.read(['z']); // not mirrored yet: its MGET goes first and answers 0
    const bumped = counters.bump('z');
    expect(await before).toEqual([0]);
    expect(await counters.read(['z'])).toEqual([1]);
    await bumped;
    expect(await counters.read(['z'])).toEqual([1]);
  });

  it('a bump nobody announced (an INCR by hand) is seen once the trust window ends', async () => {
    const a = await processOnPrefix();
    const counters = createAnnouncedCounters(a, 'v', { trustMs: 150 });
    await untilMirrored(a, counters);
    await counters.read(['x']);
    await a.client.incr(`${prefix}v:x`);
    expect(await counters.read(['x'])).toEqual([0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(await counters.read(['x'])).toEqual([1]);
  });

  it('Redis gone: a read fails like any Redis read (the caller decides), a bump too', async () => {
    const a = await processOnPrefix();
    const counters = createAnnouncedCounters(a, 'v');
    await counters.read(['x']); // listening
    handles.pop(); // nothing to clean up behind it
    await a.close();
    await expect(counters.read(['x'])).rejects.toThrow();
    await expect(counters.bump('x')).rejects.toThrow();
  });
});
