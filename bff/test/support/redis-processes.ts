import { randomBytes } from 'node:crypto';
import { createLogger } from '../../src/infra/logger';
import { connectRedis, type RedisHandle } from '../../src/infra/redis/connect-redis';

/**
 * Redis handles on one fresh key prefix per test, each standing for one BFF process (its own
 * connections and subscriber), against the real Redis; the test's keys are removed after it.
 */
export function redisProcesses(name: string) {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const handles: RedisHandle[] = [];
  let prefix = '';

  beforeEach(() => {
    prefix = `test:${name}:${randomBytes(4).toString('hex')}:`;
  });
  afterEach(async () => {
    const [live] = handles;
    if (live) {
      const keys = await live.client.keys(`${prefix}*`);
      if (keys.length) await live.client.del(...keys);
    }
    await Promise.all(handles.splice(0).map((h) => h.close()));
  });

  return {
    prefix: () => prefix,
    /** One more process on this test's prefix. */
    async connect(): Promise<RedisHandle> {
      const handle = await connectRedis(url, prefix, createLogger({ level: 'silent' }));
      handles.push(handle);
      return handle;
    },
    /** Closes a process; the test's clean-up no longer uses it. */
    async close(handle: RedisHandle): Promise<void> {
      handles.splice(handles.indexOf(handle), 1);
      await handle.close();
    },
  };
}

/** Counts the MGETs a process sends (the round trips an in-memory answer spares). */
export function countMgets(handle: RedisHandle): () => number {
  const spy = jest.spyOn(handle.client, 'mget');
  return () => spy.mock.calls.length;
}

/** Waits until a read answered twice in a row the second time from memory (no MGET): the process listens. */
export async function untilAnsweredFromMemory(
  handle: RedisHandle,
  read: () => Promise<unknown>,
): Promise<void> {
  const end = Date.now() + 5000;
  for (;;) {
    await read();
    const mgets = countMgets(handle);
    await read();
    const fromMemory = mgets() === 0;
    jest.restoreAllMocks();
    if (fromMemory) return;
    if (Date.now() > end) throw new Error('never answered from memory');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Polls `check` every 5 ms until it holds (5 s at most). */
export async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}
