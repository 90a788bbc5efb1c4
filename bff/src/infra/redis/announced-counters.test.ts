import {
  countMgets,
  redisProcesses,
  until,
  untilAnsweredFromMemory,
} from '../../../test/support/redis-processes';
import { createAnnouncedCounters } from './announced-counters';

/** Two handles on one prefix stand for two BFF processes, against the real Redis. */
const processes = redisProcesses('ac');

describe('announced counters', () => {
  it('a bump in one process reaches the other by its announcement: its reads then need no round trip', async () => {
    const [a, b] = [await processes.connect(), await processes.connect()];
    const inA = createAnnouncedCounters(a, 'v', { trustMs: 60_000 });
    const inB = createAnnouncedCounters(b, 'v', { trustMs: 60_000 });
    expect(await inA.read(['x', 'y'])).toEqual([0, 0]);
    await untilAnsweredFromMemory(a, () => inA.read(['probe']));
    await inA.read(['x', 'y']);
    const mgets = countMgets(a);

    expect(await inB.bump('x')).toBe(1);
    await until(async () => (await inA.read(['x', 'y']))[0] === 1);
    expect(await inA.read(['x', 'y'])).toEqual([1, 0]);
    expect(inA.known(['x', 'y'])).toEqual([1, 0]);
    expect(mgets()).toBe(0);
    expect(await a.client.get(`${processes.prefix()}v:x`)).toBe('1');
  });

  it('its own bump is seen by its very next read, even while the INCR is on its way', async () => {
    const a = await processes.connect();
    const counters = createAnnouncedCounters(a, 'v', { trustMs: 60_000 });
    await counters.read(['x']);
    const bumped = counters.bump('x'); // not awaited: the write path does not wait either
    expect(counters.known(['x'])).toBeUndefined();
    expect(await counters.read(['x'])).toEqual([1]);
    await bumped;
    expect(await counters.read(['x'])).toEqual([1]);
  });

  it('a read sent before a bump does not leave the older value in the mirror', async () => {
    const a = await processes.connect();
    const counters = createAnnouncedCounters(a, 'v', { trustMs: 60_000 });
    await untilAnsweredFromMemory(a, () => counters.read(['probe']));
    const before = counters.read(['z']); // not mirrored yet: its MGET goes first and answers 0
    const bumped = counters.bump('z');
    expect(await before).toEqual([0]);
    expect(await counters.read(['z'])).toEqual([1]);
    await bumped;
    expect(await counters.read(['z'])).toEqual([1]);
  });

  it('a bump nobody announced (an INCR by hand) is seen once the trust window ends', async () => {
    const a = await processes.connect();
    const counters = createAnnouncedCounters(a, 'v', { trustMs: 1000 });
    await untilAnsweredFromMemory(a, () => counters.read(['probe']));
    await counters.read(['x']);
    await a.client.incr(`${processes.prefix()}v:x`);
    expect(await counters.read(['x'])).toEqual([0]);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await counters.read(['x'])).toEqual([1]);
  });

  it('Redis gone: a read fails like any Redis read (the caller decides), a bump too', async () => {
    const a = await processes.connect();
    const counters = createAnnouncedCounters(a, 'v');
    await counters.read(['x']); // listening
    await processes.close(a);
    expect(counters.known(['x'])).toBeUndefined();
    await expect(counters.read(['x'])).rejects.toThrow();
    await expect(counters.bump('x')).rejects.toThrow();
  });
});
