import request from 'supertest';
import { eventually } from '../../../../test/support/eventually';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { appointmentsOf, type AppointmentsRuntime } from '../appointments.runtime';
import { TestClock, smallHall } from '../testing/appointments-fixture';
import { citizenWithOpenId, reminderSender } from '../testing/reminders-fixture';
import { loadDemoHalls, publishBookableItem } from '../testing/http-fixtures';
import { outboxOf } from '../../notifications';
import { offerJobId, startReminderWorker, type ReminderWorker } from './reminders';

/**
 * "候补有位": a seat handed to the first person waiting sends them a subscribe message at once
 * (a job in the reminders queue), through the fake WeChat server; staff closures / reductions too.
 */
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
  // One seat per slot: the second person waits.
  await rt.appt.slots.configureHall(smallHall('HALL-SZ', 1));
});
afterEach(() => {
  env.deps.wechat.fake!.reset();
  clock.set('2026-10-08', '10:00');
});
afterAll(async () => {
  await worker?.close();
  await rt.reminders.queue().close();
  await env.close();
});

async function book(header: string, start: string, joinWaitlist = false) {
  return request(env.callback)
    .post('/api/appointments')
    .set('Authorization', header)
    .set('Idempotency-Key', `offer-${(seq += 1)}-${Date.now()}`)
    .send({ itemCode, hallCode: 'HALL-SZ', date: DAY, start, ...(joinWaitlist ? { joinWaitlist } : {}) });
}

/** A holds the slot's one seat, B waits; A cancels → B is offered the seat. */
async function offerTo(start: string, beforeCancel?: (waiter: { openid: string }) => void) {
  const holder = await citizenWithOpenId(env);
  const waiter = await citizenWithOpenId(env);
  beforeCancel?.(waiter);
  const held = await book(holder.header, start);
  expect(held.status).toBe(201);
  const waiting = await book(waiter.header, start, true);
  expect(waiting.body).toMatchObject({ outcome: 'waitlisted', entry: { status: 'waiting' } });
  const entryId = waiting.body.entry.id as string;
  const cancel = await request(env.callback)
    .post(`/api/appointments/${held.body.booking.id}/cancel`)
    .set('Authorization', holder.header)
    .send({});
  expect(cancel.status).toBe(200);
  const entry = await rt.appt.ctx.repos.waitlist.findById(entryId);
  expect(entry!.status).toBe('offered');
  return { holder, waiter, entryId };
}

async function jobOf(entryId: string) {
  return eventually(async () => (await rt.reminders.queue().getJob(offerJobId(entryId))) ?? undefined);
}

const settled = (entryId: string) =>
  eventually(async () => {
    const job = await rt.reminders.queue().getJob(offerJobId(entryId));
    const state = job ? await job.getState() : undefined;
    // Read again once settled: the job read above may have been taken while it was still running.
    return job && (state === 'completed' || state === 'failed')
      ? ((await rt.reminders.queue().getJob(offerJobId(entryId))) ?? undefined)
      : undefined;
  });

describe('without a worker (the job is processed by hand)', () => {
  it('an offer claimed before the job runs sends nothing', async () => {
    const { waiter, entryId } = await offerTo('09:00');
    expect(await jobOf(entryId)).toBeDefined();
    const claim = await request(env.callback)
      .post(`/api/appointments/waitlist/${entryId}/claim`)
      .set('Authorization', waiter.header);
    expect(claim.status).toBe(200);
    expect(await rt.reminders.process({ entryId, kind: 'waitlist_offer' }, reminderSender(env))).toBe(
      'stale',
    );
    expect(env.deps.wechat.fake!.sentMessages({ touser: waiter.openid })).toHaveLength(0);
    expect((await rt.appt.ctx.repos.waitlist.findById(entryId))!.offerNotice).toMatchObject({
      status: 'skipped',
      note: 'claimed',
    });
  });

  it('an offer whose hold ran out (or was expired by the sweep) sends nothing', async () => {
    const late = await offerTo('09:30');
    await jobOf(late.entryId);
    clock.advance(31 * 60_000); // past the 30-minute hold, before the sweep
    expect(
      await rt.reminders.process({ entryId: late.entryId, kind: 'waitlist_offer' }, reminderSender(env)),
    ).toBe('stale');
    await rt.appt.waitlist.expireOffers();
    expect((await rt.appt.ctx.repos.waitlist.findById(late.entryId))!.status).toBe('expired');
    expect(
      await rt.reminders.process({ entryId: late.entryId, kind: 'waitlist_offer' }, reminderSender(env)),
    ).toBe('stale');
    expect(env.deps.wechat.fake!.requests({ path: '/cgi-bin/message/subscribe/send' })).toHaveLength(0);
  });

  it('a crash between the offer and the enqueue loses nothing: the entry keeps the message for the sweep', async () => {
    const original = rt.appt.ctx.relay.entry;
    rt.appt.ctx.relay.entry = async () => 0; // the process stopped right after the write
    try {
      const { entryId } = await offerTo('10:00'); // asserts the cancel answered 200 and the entry is offered
      const stored = await rt.appt.ctx.repos.waitlist.findById(entryId);
      expect(stored!.outbox?.map((e) => e.id)).toEqual([offerJobId(entryId)]);
      expect(await rt.reminders.queue().getJob(offerJobId(entryId))).toBeUndefined();
      await outboxOf(env.deps).relayPending();
      expect(await rt.reminders.queue().getJob(offerJobId(entryId))).toBeDefined();
      expect((await rt.appt.ctx.repos.waitlist.findById(entryId))!.outbox).toBeUndefined();
    } finally {
      rt.appt.ctx.relay.entry = original;
    }
  });
});

describe('through the worker', () => {
  beforeAll(() => {
    worker = startReminderWorker({
      reminders: rt.reminders,
      redis: env.deps.redis,
      redisUrl: env.deps.config.redis.url,
      logger: env.deps.logger,
      apiBase: env.deps.wechat.apiBase,
      wechat: env.deps.config.wechat,
    });
  });

  it('a cancellation that hands the seat on sends exactly one "候补有位" message to the person offered it', async () => {
    const fake = env.deps.wechat.fake!;
    const { holder, waiter, entryId } = await offerTo('14:00');
    const done = await settled(entryId);
    expect(done.returnvalue).toBe('sent');
    const messages = fake.sentMessages({ touser: waiter.openid });
    expect(messages).toHaveLength(1);
    // Deadline: offered at 10-08 10:00 (test clock), held 30 minutes.
    expect(messages[0]).toMatchObject({
      template_id: env.deps.config.wechat.templates.appointmentReminder,
      data: {
        thing1: { value: '社会保障卡申领' },
        time2: { value: `${DAY} 14:00` },
        thing3: { value: '市政务服务中心' },
        thing5: { value: '候补有位，10-08 10:30前确认' },
      },
    });
    expect(fake.sentMessages({ touser: holder.openid })).toHaveLength(0);
    expect((await rt.appt.ctx.repos.waitlist.findById(entryId))!.offerNotice).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
    // The enqueue is idempotent per entry: offering it again (recovery) adds no second message.
    await rt.reminders
      .queue()
      .add('waitlist_offer', { entryId, kind: 'waitlist_offer' }, { jobId: `${offerJobId(entryId)}-again` });
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.sentMessages({ touser: waiter.openid })).toHaveLength(1);
  }, 30_000);

  it('a WeChat failure is retried with backoff and recorded', async () => {
    const fake = env.deps.wechat.fake!;
    fake.injectFault({ path: '/cgi-bin/message/subscribe/send', errcode: -1, times: 1 });
    const { waiter, entryId } = await offerTo('14:30');
    const done = await settled(entryId);
    expect(done.returnvalue).toBe('sent');
    expect(fake.sentMessages({ touser: waiter.openid })).toHaveLength(1);
    expect((await rt.appt.ctx.repos.waitlist.findById(entryId))!.offerNotice).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  }, 30_000);

  it('a person who refused (43101) is not retried', async () => {
    const fake = env.deps.wechat.fake!;
    const { waiter, entryId } = await offerTo('15:00', (w) => fake.refuseSubscription({ openid: w.openid }));
    const done = await settled(entryId);
    expect(done.returnvalue).toBe('refused');
    expect(done.attemptsMade).toBeLessThanOrEqual(1);
    expect(
      fake.requests({ path: '/cgi-bin/message/subscribe/send' }).filter((r) => r.errcode === 43101),
    ).toHaveLength(1);
    expect(fake.sentMessages({ touser: waiter.openid })).toHaveLength(0);
    expect((await rt.appt.ctx.repos.waitlist.findById(entryId))!.offerNotice!.status).toBe('refused');
    // Processed again (a duplicate job), WeChat is not asked again.
    expect(await rt.reminders.process({ entryId, kind: 'waitlist_offer' }, reminderSender(env))).toBe(
      'refused',
    );
    expect(
      fake.requests({ path: '/cgi-bin/message/subscribe/send' }).filter((r) => r.errcode === 43101),
    ).toHaveLength(1);
  }, 30_000);

  it('a staff closure sends a message to each booked person of the slot, never blocking the change', async () => {
    const fake = env.deps.wechat.fake!;
    const holder = await citizenWithOpenId(env);
    const res = await book(holder.header, '15:30');
    expect(res.status).toBe(201);
    const bookingId = res.body.booking.id as string;
    await rt.appt.slots.changeCapacity(
      { hallCode: 'HALL-SZ', date: DAY, start: '15:30', closed: true, reason: '系统维护' },
      'staff-1',
    );
    const booking = await eventually(async () => {
      const b = await rt.appt.ctx.repos.bookings.findById(bookingId);
      return b?.reminders?.notice_slot_closed?.status === 'sent' ? b : undefined;
    });
    expect(booking.notices.map((n) => n.kind)).toContain('slot_closed');
    const messages = fake.sentMessages({ touser: holder.openid });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      data: { time2: { value: `${DAY} 15:30` }, thing5: { value: '该时段已停约，预约仍有效' } },
    });
  }, 30_000);
});
