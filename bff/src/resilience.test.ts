import type { ChildProcess } from 'node:child_process';
import request from 'supertest';
import { freePort, startRedisServer, stopProcess, waitFor } from '../test/support/processes';
import { createTestEnv, type TestEnv } from '../test/support/test-env';
import { signedIn } from './modules/auth/testing/identity-fixtures';
import { appointmentsOf, type AppointmentsRuntime } from './modules/appointments/appointments.runtime';
import { TestClock, smallHall } from './modules/appointments/testing/appointments-fixture';
import { loadDemoHalls, publishBookableItem } from './modules/appointments/testing/http-fixtures';
import { citizenWithOpenId } from './modules/appointments/testing/reminders-fixture';
import {
  confirmedJobId,
  reminderJobId,
  startReminderWorker,
} from './modules/appointments/services/reminders';

/**
 * Issue 18 over HTTP with a Redis this test owns (its own redis-server on a free port), stopped,
 * frozen (SIGSTOP) and flushed: store outages answer 503 fast (Retry-After) where Redis is needed,
 * public reads and reads by recently seen sessions keep working, and what must happen later
 * (reminders) is rebuilt from MongoDB. Figures are printed for the closing note.
 */
const DAY = '2026-10-13';
const TIMEOUT_MS = 500;
let redisPort: number;
let redis: ChildProcess;
let env: TestEnv;
let rt: AppointmentsRuntime;
let itemCode: string;
const clock = new TestClock('2026-10-08', '10:00');
const figures: string[] = [];

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedisServer(redisPort);
  env = await createTestEnv({
    REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    REDIS_COMMAND_TIMEOUT_MS: String(TIMEOUT_MS),
    LOG_LEVEL: 'error',
  });
  rt = appointmentsOf(env.deps, { now: clock.now, reminders: { attempts: 2, backoffMs: 50 } });
  await rt.appt.ensureIndexes();
  await loadDemoHalls(env.deps);
  itemCode = await publishBookableItem(env.deps, { name: '社会保障卡申领' });
  await rt.appt.slots.configureHall(smallHall('HALL-SZ', 5));
}, 60_000);
afterAll(async () => {
  console.info(`resilience figures:\n  ${figures.join('\n  ')}`);
  if (redis.signalCode === 'SIGSTOP' || redis.exitCode === null) redis.kill('SIGCONT');
  await rt.reminders.queue().close();
  await env.close();
  await stopProcess(redis);
});

const redisUp = async () => {
  try {
    return (await env.redis.client.ping()) === 'PONG';
  } catch {
    return false;
  }
};

async function timed<T>(label: string, run: () => Promise<T>): Promise<{ res: T; ms: number }> {
  const t0 = performance.now();
  const res = await run();
  const ms = Math.round(performance.now() - t0);
  figures.push(`${label}: ${ms} ms`);
  return { res, ms };
}

const publicReads = () => [
  request(env.callback).get('/api/items').query({ q: '社会保障' }),
  request(env.callback).get(`/api/items/${itemCode}`),
  request(env.callback).get('/api/calendar').query({ from: '2026-10-01', to: '2026-10-31' }),
];

function book(header: string, start: string) {
  return request(env.callback)
    .post('/api/appointments')
    .set('Authorization', header)
    .set('Idempotency-Key', `res-${start.replace(':', '')}-${Date.now()}`)
    .send({ itemCode, hallCode: 'HALL-SZ', date: DAY, start });
}

describe('Redis stopped', () => {
  it('writes answer 503 with Retry-After at once; public reads and recently seen sessions still read', async () => {
    const seen = await signedIn(env.deps, 'citizen');
    const unseen = await signedIn(env.deps, 'citizen');
    expect((await request(env.callback).get('/api/me').set('Authorization', seen.header)).status).toBe(200);
    for (const res of await Promise.all(publicReads())) expect(res.status).toBe(200);

    await stopProcess(redis);
    await waitFor(async () => !(await redisUp()), 5000);

    for (const [i, res] of (await Promise.all(publicReads())).entries()) {
      expect({ i, status: res.status }).toEqual({ i, status: 200 });
    }
    const write = await timed('Redis stopped: booking (write) → 503', () => book(seen.header, '09:00'));
    expect(write.res.status).toBe(503);
    expect(write.res.headers['retry-after']).toBe('5');
    expect(write.res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(write.res.body.error.message).toMatch(/服务暂时不可用/);
    expect(write.ms).toBeLessThan(1000);

    const read = await timed('Redis stopped: /api/me, session seen before → 200', () =>
      request(env.callback).get('/api/me').set('Authorization', seen.header),
    );
    expect(read.res.status).toBe(200);
    const unverifiable = await timed('Redis stopped: /api/me, session never seen → 503', () =>
      request(env.callback).get('/api/me').set('Authorization', unseen.header),
    );
    expect(unverifiable.res.status).toBe(503);
    expect(unverifiable.res.headers['retry-after']).toBe('5');
    expect((await request(env.callback).get('/readyz')).status).toBe(503);
    // Logged as a warning, never as an unhandled error.
    expect(env.logs.text()).not.toMatch(/"level":50.*unhandled error/);

    // This Redis keeps nothing on disk: its sessions are gone after the restart, and the answer says
    // so (production requires AOF/RDB persistence, see the README's production notes).
    redis = await startRedisServer(redisPort);
    await waitFor(redisUp, 10_000);
    const gone = await request(env.callback).get('/api/me').set('Authorization', seen.header);
    expect(gone.status).toBe(401);
    expect(gone.body.error.message).toBe('登录已失效，请重新登录');
  }, 60_000);
});

describe('Redis frozen (SIGSTOP)', () => {
  it('requests return within about the command timeout, not the length of the freeze', async () => {
    const seen = await signedIn(env.deps, 'citizen');
    const unseen = await signedIn(env.deps, 'citizen');
    expect((await request(env.callback).get('/api/me').set('Authorization', seen.header)).status).toBe(200);
    redis.kill('SIGSTOP');
    try {
      const search = await timed('Redis frozen: search (public) → 200', () =>
        request(env.callback).get('/api/items').query({ q: '社保卡', page: 2 }),
      );
      expect(search.res.status).toBe(200);
      const read = await timed('Redis frozen: /api/me, session seen before → 200', () =>
        request(env.callback).get('/api/me').set('Authorization', seen.header),
      );
      expect(read.res.status).toBe(200);
      const unverifiable = await timed('Redis frozen: /api/me, session never seen → 503', () =>
        request(env.callback).get('/api/me').set('Authorization', unseen.header),
      );
      expect(unverifiable.res.status).toBe(503);
      const write = await timed('Redis frozen: booking (write) → 503', () => book(unseen.header, '09:30'));
      expect(write.res.status).toBe(503);
      expect(write.res.headers['retry-after']).toBe('5');
      for (const ms of [search.ms, read.ms, unverifiable.ms, write.ms]) {
        expect(ms).toBeLessThan(TIMEOUT_MS * 3 + 500);
      }
    } finally {
      redis.kill('SIGCONT');
    }
    await waitFor(redisUp, 5000);
  }, 60_000);
});

describe('Redis flushed', () => {
  it('reconciliation rebuilds every future booking’s reminders from MongoDB', async () => {
    const people = await Promise.all([citizenWithOpenId(env), citizenWithOpenId(env)]);
    const ids: string[] = [];
    for (const [i, p] of people.entries()) {
      const res = await book(p.header, i === 0 ? '10:00' : '10:30');
      expect(res.status).toBe(201);
      ids.push(res.body.booking.id as string);
    }
    const queue = rt.reminders.queue();
    expect(await queue.getJob(reminderJobId(ids[0], 'day_before'))).toBeDefined();

    await env.redis.client.flushall();
    expect(await queue.getJob(reminderJobId(ids[0], 'day_before'))).toBeUndefined();

    const run = await timed('Redis flushed: reminders.reconcile()', () => rt.reminders.reconcile());
    expect(run.res.added).toBeGreaterThanOrEqual(4);
    for (const id of ids) {
      for (const kind of ['day_before', 'hour_before'] as const) {
        const job = await queue.getJob(reminderJobId(id, kind));
        expect({ id, kind, state: await job?.getState() }).toEqual({ id, kind, state: 'delayed' });
      }
    }
    // Idempotent: a second run adds nothing.
    expect((await rt.reminders.reconcile()).added).toBe(0);
  }, 60_000);
});

describe('a BFF killed mid-booking', () => {
  it('crash recovery confirms the booking, tells its owner and schedules the reminders', async () => {
    const owner = await citizenWithOpenId(env);
    const slot = await rt.appt.slots.requireBookableSlot(
      { hallCode: 'HALL-SZ', windowType: '综合受理', date: DAY, start: '11:00' },
      clock.now(),
    );
    // The process died after taking the seat, before confirming: a pending booking holding a seat.
    const inserted = await rt.appt.steps.insertPending({
      personId: owner.user.id,
      itemCode,
      hallCode: slot.hallCode,
      windowType: slot.windowType,
      date: slot.date,
      start: slot.start,
      end: slot.end,
      slotId: slot._id,
      slotStartsAt: slot.startsAt,
      slotEndsAt: slot.endsAt,
      idemKey: `${owner.user.id}|crash`,
    });
    if (!inserted.ok) throw new Error(inserted.conflict);
    expect(await rt.appt.steps.takeSeat(inserted.booking)).toBe('taken');
    const id = inserted.booking._id.toHexString();

    clock.advance(60_000); // past the pending timeout: the next recovery run settles it
    const worker = startReminderWorker({
      reminders: rt.reminders,
      redis: env.deps.redis,
      redisUrl: env.deps.config.redis.url,
      logger: env.deps.logger,
      apiBase: env.deps.wechat.apiBase,
      wechat: env.deps.config.wechat,
    });
    try {
      const recovered = await timed('recovery run (confirms the cut-short booking)', () =>
        rt.appt.recovery.recover(),
      );
      expect(recovered.res.confirmed).toBe(1);
      const told = await (async () => {
        const t0 = Date.now();
        await waitFor(() => env.deps.wechat.fake!.sentMessages({ touser: owner.openid }).length > 0, 15_000);
        figures.push(`recovery → owner told: ${Date.now() - t0} ms after the run`);
        return env.deps.wechat.fake!.sentMessages({ touser: owner.openid });
      })();
      expect(told).toHaveLength(1);
      expect(told[0].data.thing5.value).toBe('预约已成功，请按时到达');
      expect(told[0].data.time2.value).toBe(`${DAY} 11:00`);
      const queue = rt.reminders.queue();
      expect(await queue.getJob(confirmedJobId(id))).toBeDefined();
      for (const kind of ['day_before', 'hour_before'] as const) {
        expect(await (await queue.getJob(reminderJobId(id, kind)))?.getState()).toBe('delayed');
      }
      const booking = await rt.appt.ctx.repos.bookings.findById(id);
      expect(booking!.status).toBe('booked');
      expect(booking!.reminders).toMatchObject({
        day_before: { status: 'scheduled' },
        hour_before: { status: 'scheduled' },
      });
    } finally {
      await worker.close();
    }
  }, 60_000);
});
