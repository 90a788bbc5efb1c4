import request from 'supertest';
import { eventually } from '../../../../test/support/eventually';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { appointmentsOf, type AppointmentsRuntime } from '../appointments.runtime';
import { TestClock, smallHall } from '../testing/appointments-fixture';
import { citizenWithOpenId, reminderSender } from '../testing/reminders-fixture';
import { loadDemoHalls, publishBookableItem } from '../testing/http-fixtures';
import { reminderJobId, startReminderWorker, type ReminderWorker } from './reminders';

/** Reminders (订阅消息) as BullMQ delayed jobs, sent through the fake WeChat server. */
const DAY = '2026-10-13';
let env: TestEnv;
let rt: AppointmentsRuntime;
let itemCode: string;
let worker: ReminderWorker | undefined;
const clock = new TestClock('2026-10-08', '10:00');
let seq = 0;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'error' });
  rt = appointmentsOf(env.deps, { now: clock.now, reminders: { attempts: 3, backoffMs: 50 } });
  await rt.appt.ensureIndexes();
  await loadDemoHalls(env.deps);
  itemCode = await publishBookableItem(env.deps, { name: '社会保障卡申领' });
  await rt.appt.slots.configureHall(smallHall('HALL-SZ', 50));
});
afterEach(() => env.deps.wechat.fake!.reset());
afterAll(async () => {
  await worker?.close();
  await rt.reminders.queue().close();
  await env.close();
});

async function bookOne(start = '10:00') {
  const person = await citizenWithOpenId(env);
  const res = await request(env.callback)
    .post('/api/appointments')
    .set('Authorization', person.header)
    .set('Idempotency-Key', `reminder-${(seq += 1)}-${Date.now()}`)
    .send({ itemCode, hallCode: 'HALL-SZ', date: DAY, start });
  expect(res.status).toBe(201);
  return { person, id: res.body.booking.id as string, openid: person.openid };
}

it('a booking schedules two delayed jobs (the day before, one hour before), recorded on the booking', async () => {
  const { id } = await bookOne();
  const queue = rt.reminders.queue();
  const dayBefore = await queue.getJob(reminderJobId(id, 'day_before'));
  const hourBefore = await queue.getJob(reminderJobId(id, 'hour_before'));
  expect(await dayBefore!.getState()).toBe('delayed');
  expect(await hourBefore!.getState()).toBe('delayed');
  // Due at 10-12 10:00 and 10-13 09:00 from a clock at 10-08 10:00.
  // (The outbox relay measures the delay when it adds the job: a few milliseconds after the booking.)
  expect(4 * 24 * 3600_000 - dayBefore!.opts.delay!).toBeLessThan(5000);
  expect((5 * 24 - 1) * 3600_000 - hourBefore!.opts.delay!).toBeLessThan(5000);
  const booking = await rt.appt.ctx.repos.bookings.findById(id);
  expect(booking!.reminders).toMatchObject({
    day_before: { status: 'scheduled' },
    hour_before: { status: 'scheduled' },
  });
});

it('the job sends a subscribe message (fake WeChat records it); the access token is cached and refreshed on 42001', async () => {
  const { id, openid } = await bookOne('10:30');
  const fake = env.deps.wechat.fake!;
  expect(await rt.reminders.process({ bookingId: id, kind: 'day_before' }, reminderSender(env))).toBe('sent');
  const [message] = fake.sentMessages({ touser: openid });
  expect(message).toMatchObject({
    template_id: 'appointment-reminder',
    // Tapping it opens the ticket page of the mini-program (its subpackage path).
    page: `packages/appointments/ticket/index?id=${id}`,
    data: {
      thing1: { value: '社会保障卡申领' },
      time2: { value: `${DAY} 10:30` },
      thing3: { value: '市政务服务中心' },
    },
  });
  fake.expireTokens();
  expect(await rt.reminders.process({ bookingId: id, kind: 'hour_before' }, reminderSender(env))).toBe(
    'sent',
  );
  expect(fake.sentMessages({ touser: openid })).toHaveLength(2);
  expect(fake.requests({ path: '/cgi-bin/stable_token' }).length).toBeGreaterThanOrEqual(1);
  const booking = await rt.appt.ctx.repos.bookings.findById(id);
  expect(booking!.reminders!.hour_before).toMatchObject({ status: 'sent', attempts: 1 });
});

it('cancelling removes the jobs, and a stale job sends nothing', async () => {
  const { person, id, openid } = await bookOne('11:00');
  const res = await request(env.callback)
    .post(`/api/appointments/${id}/cancel`)
    .set('Authorization', person.header)
    .send({});
  expect(res.status).toBe(200);
  expect(await rt.reminders.queue().getJob(reminderJobId(id, 'day_before'))).toBeUndefined();
  expect(await rt.reminders.queue().getJob(reminderJobId(id, 'hour_before'))).toBeUndefined();
  expect(await rt.reminders.process({ bookingId: id, kind: 'day_before' }, reminderSender(env))).toBe(
    'stale',
  );
  expect(env.deps.wechat.fake!.sentMessages({ touser: openid })).toHaveLength(0);
});

it('rescheduling moves the reminders to the new booking', async () => {
  const { person, id } = await bookOne('11:00'); // HALL-SZ closes at 11:30
  const res = await request(env.callback)
    .post(`/api/appointments/${id}/reschedule`)
    .set('Authorization', person.header)
    .set('Idempotency-Key', `resched-${Date.now()}`)
    .send({ date: DAY, start: '14:00' });
  expect(res.status).toBe(200);
  expect(await rt.reminders.queue().getJob(reminderJobId(id, 'day_before'))).toBeUndefined();
  expect(await rt.reminders.queue().getJob(reminderJobId(res.body.id, 'day_before'))).toBeDefined();
});

it('a person who refused (43101) is not retried; a WeChat failure is retried with backoff by the worker', async () => {
  const fake = env.deps.wechat.fake!;
  const refused = await bookOne('13:30');
  fake.refuseSubscription({ openid: refused.openid });
  expect(await rt.reminders.process({ bookingId: refused.id, kind: 'day_before' }, reminderSender(env))).toBe(
    'refused',
  );
  const afterRefusal = await rt.appt.ctx.repos.bookings.findById(refused.id);
  expect(afterRefusal!.reminders!.day_before.status).toBe('refused');
  // The other reminder of the same booking is not even tried.
  expect(
    await rt.reminders.process({ bookingId: refused.id, kind: 'hour_before' }, reminderSender(env)),
  ).toBe('refused');
  expect(
    fake.requests({ path: '/cgi-bin/message/subscribe/send' }).filter((r) => r.errcode === 43101),
  ).toHaveLength(1);

  // Through the worker: the job is promoted (due now), the first send fails (-1 system busy), the retry succeeds.
  const flaky = await bookOne('15:00');
  fake.injectFault({ path: '/cgi-bin/message/subscribe/send', errcode: -1, times: 1 });
  worker = startReminderWorker({
    reminders: rt.reminders,
    redis: env.deps.redis,
    redisUrl: env.deps.config.redis.url,
    logger: env.deps.logger,
    apiBase: env.deps.wechat.apiBase,
    wechat: env.deps.config.wechat,
  });
  const job = await rt.reminders.queue().getJob(reminderJobId(flaky.id, 'day_before'));
  await job!.promote();
  await eventually(async () => (fake.sentMessages({ touser: flaky.openid }).length > 0 ? true : undefined));
  const booking = await eventually(async () => {
    const b = await rt.appt.ctx.repos.bookings.findById(flaky.id);
    return b?.reminders?.day_before.status === 'sent' ? b : undefined;
  });
  expect(booking.reminders!.day_before.attempts).toBe(2);

  // The refused person's job, promoted, completes without a retry.
  const refusedJob = await rt.reminders.queue().getJob(reminderJobId(refused.id, 'hour_before'));
  await refusedJob!.promote();
  const done = await eventually(async () => {
    const j = await rt.reminders.queue().getJob(reminderJobId(refused.id, 'hour_before'));
    // Read again once completed: the job read first may have been taken while it was running.
    return j && (await j.getState()) === 'completed'
      ? ((await rt.reminders.queue().getJob(reminderJobId(refused.id, 'hour_before'))) ?? undefined)
      : undefined;
  });
  expect(done.attemptsMade).toBeLessThanOrEqual(1);
  expect(done.returnvalue).toBe('refused');
}, 30_000);
