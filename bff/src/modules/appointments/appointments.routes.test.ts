import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { makeIdNumber, signedIn } from '../auth/testing/identity-fixtures';
import { casesOf } from '../cases/cases.module';
import { fileCase, person, publishItem } from '../cases/testing/case-fixtures';
import { appointmentsOf, type AppointmentsRuntime } from './appointments.runtime';
import { TestClock, smallHall } from './testing/appointments-fixture';
import { loadDemoHalls, publishBookableItem, verifiedPerson } from './testing/http-fixtures';

/** The HTTP contract of 预约办理 (shared/src/appointments/api.ts) against the real engine and Redis. */

const DAY = '2026-10-13';
let env: TestEnv;
let clock: TestClock;
let rt: AppointmentsRuntime;
let itemCode: string;
let n = 0;
const key = () => `key-${Date.now().toString(36)}-${(n += 1)}-${Math.random().toString(36).slice(2, 8)}`;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  clock = new TestClock('2026-10-08', '10:00');
  rt = appointmentsOf(env.deps, { now: clock.now, cacheMs: 0 });
  await rt.appt.ensureIndexes();
  await loadDemoHalls(env.deps);
  itemCode = await publishBookableItem(env.deps);
  await rt.appt.slots.configureHall(smallHall('HALL-SZ', 5));
});
afterAll(async () => {
  await rt.reminders.queue().close();
  await env.close();
});
beforeEach(() => clock.set('2026-10-08', '10:00'));

const citizen = () => verifiedPerson(env.deps);
const staff = (halls = ['HALL-SZ']) => signedIn(env.deps, 'staff', { halls });
const http = () => request(env.callback);

async function book(header: string, over: Record<string, unknown> = {}, idem = key()) {
  return http()
    .post('/api/appointments')
    .set('Authorization', header)
    .set('Idempotency-Key', idem)
    .send({ itemCode, hallCode: 'HALL-SZ', date: DAY, start: '09:00', ...over });
}

const fieldsOf = (res: request.Response) =>
  (res.body.error.details.fields as Array<{ path: string }>).map((f) => f.path).sort();

describe('choosing: halls, availability, slots', () => {
  it('lists the halls where the item can be booked, with rules and window type', async () => {
    const { header } = await citizen();
    const res = await http().get(`/api/appointments/halls?itemCode=${itemCode}`).set('Authorization', header);
    expect(res.status).toBe(200);
    expect(res.body.item.code).toBe(itemCode);
    expect(res.body.halls).toHaveLength(1);
    expect(res.body.halls[0]).toMatchObject({
      code: 'HALL-SZ',
      name: '市政务服务中心',
      windowType: '综合受理',
      sessions: [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:00' },
      ],
      rules: { openDaysAhead: 7, openAt: '08:00', closeDaysBefore: 1, closeAt: '17:00' },
    });
    expect(res.body.halls[0].address).not.toBe('');
  });

  it('bad input on the choosing routes: 400 with fields; unknown item 404; anonymous 401', async () => {
    const { header } = await citizen();
    const bad = await http().get('/api/appointments/halls?itemCode=%20').set('Authorization', header);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['query.itemCode']);
    const missing = await http()
      .get('/api/appointments/halls?itemCode=JX-NOPE-9999')
      .set('Authorization', header);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('ITEM_NOT_FOUND');
    expect((await http().get(`/api/appointments/halls?itemCode=${itemCode}`)).status).toBe(401);

    const avail = await http()
      .get(
        `/api/appointments/availability?hallCode=HALL-SZ&itemCode=${itemCode}&from=2026-10-20&to=2026-10-10`,
      )
      .set('Authorization', header);
    expect(avail.status).toBe(400);
    expect(fieldsOf(avail)).toEqual(['query.to']);
    const availFields = await http()
      .get('/api/appointments/availability?from=2026-13-01')
      .set('Authorization', header);
    expect(availFields.status).toBe(400);
    expect(fieldsOf(availFields)).toEqual(['query.from', 'query.hallCode', 'query.itemCode', 'query.to']);
    const slots = await http()
      .get('/api/appointments/slots?hallCode=HALL-SZ&date=tomorrow')
      .set('Authorization', header);
    expect(slots.status).toBe(400);
    expect(fieldsOf(slots)).toEqual(['query.date', 'query.itemCode']);
    const notHere = await http()
      .get(`/api/appointments/slots?hallCode=HALL-MS&itemCode=${itemCode}&date=${DAY}`)
      .set('Authorization', header);
    expect(notHere.status).toBe(404);
    expect(notHere.body.error.code).toBe('HALL_NOT_CONFIGURED');
  });

  it('availability per day from the working-day calendar and the booking window', async () => {
    const { header } = await citizen();
    const res = await http()
      .get(
        `/api/appointments/availability?hallCode=HALL-SZ&itemCode=${itemCode}&from=2026-10-08&to=2026-10-18`,
      )
      .set('Authorization', header);
    expect(res.status).toBe(200);
    const byDate = Object.fromEntries(
      (res.body.days as Array<{ date: string }>).map((d) => [d.date, d]),
    ) as unknown as Record<
      string,
      { isWorkingDay: boolean; bookable: boolean; seatsLeft: number; capacity: number; kind: string }
    >;
    expect(res.body.windowType).toBe('综合受理');
    // 09:00–12:00 configured, but the hall opens 8:30–11:30: 5 morning + 7 afternoon slots.
    expect(byDate['2026-10-13']).toMatchObject({ isWorkingDay: true, bookable: true, capacity: 12 * 5 });
    expect(byDate['2026-10-11']).toMatchObject({ isWorkingDay: false, bookable: false, seatsLeft: 0 });
    // Booking for 10-09 closes 10-08 17:00: still open at 10:00.
    expect(byDate['2026-10-09'].bookable).toBe(true);
    // 10-16 opens 10-09 08:00: not yet.
    expect(byDate['2026-10-16']).toMatchObject({ isWorkingDay: true, bookable: false });
  });

  it('slots of a day with seats left', async () => {
    const { header } = await citizen();
    const res = await http()
      .get(`/api/appointments/slots?hallCode=HALL-SZ&itemCode=${itemCode}&date=${DAY}`)
      .set('Authorization', header);
    expect(res.status).toBe(200);
    // Inside the hall's opening hours (工作日 8:30–11:30，13:30–17:00): no 11:30–12:00, nothing at lunch.
    expect(res.body.slots).toHaveLength(12);
    const times = (res.body.slots as Array<{ start: string; end: string }>).map((s) => `${s.start}-${s.end}`);
    expect(times).not.toContain('11:30-12:00');
    expect(times.every((t) => t <= '11:30' || t >= '13:30')).toBe(true);
    expect(res.body.slots[0]).toMatchObject({
      start: '09:00',
      end: '09:30',
      capacity: 5,
      closed: false,
      bookable: true,
    });
  });
});

describe('booking', () => {
  it('books with an Idempotency-Key; a retry answers the same booking; the ticket shows materials', async () => {
    const { header } = await citizen();
    const idem = key();
    const first = await book(header, { start: '09:30' }, idem);
    expect(first.status).toBe(201);
    expect(first.body.outcome).toBe('booked');
    const ticket = first.body.booking;
    expect(ticket).toMatchObject({
      status: 'booked',
      statusLabel: '已预约',
      item: { code: itemCode },
      hall: { code: 'HALL-SZ', name: '市政务服务中心' },
      date: DAY,
      start: '09:30',
      end: '10:00',
      windowType: '综合受理',
      cancellable: true,
    });
    expect(ticket.code).toMatch(/^[A-Z2-9]{8}$/);
    expect(ticket.qrPayload).toContain(ticket.code);
    expect(ticket.materials.map((m: { requirement: string }) => m.requirement).sort()).toEqual([
      'required',
      'waivable',
    ]);
    const again = await book(header, { start: '09:30' }, idem);
    expect([200, 201]).toContain(again.status);
    expect(again.body.booking.id).toBe(ticket.id);

    const got = await http().get(`/api/appointments/${ticket.id}`).set('Authorization', header);
    expect(got.status).toBe(200);
    expect(got.body.code).toBe(ticket.code);
    const pos = await http().get(`/api/appointments/${ticket.id}/position`).set('Authorization', header);
    expect(pos.body).toEqual({ status: 'booked', statusLabel: '已预约' });

    const mine = await http().get('/api/appointments/mine').set('Authorization', header);
    expect(mine.status).toBe(200);
    expect(mine.body.upcoming.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    expect(mine.body.past).toEqual([]);

    // Someone else's booking is as if it did not exist.
    const stranger = await citizen();
    for (const path of [`/api/appointments/${ticket.id}`, `/api/appointments/${ticket.id}/position`]) {
      const res = await http().get(path).set('Authorization', stranger.header);
      expect(res.status).toBe(404);
    }
    const cancel = await http()
      .post(`/api/appointments/${ticket.id}/cancel`)
      .set('Authorization', stranger.header)
      .send({});
    expect(cancel.status).toBe(404);

    // Same item, same day, another key: one booking per person, item and day.
    const dup = await book(header, { start: '10:00' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('BOOKING_DUPLICATE');
  });

  it('实名: without the real-name profile → 403 BOOKING_REAL_NAME_REQUIRED (nothing held); after it → booked; a hall may waive it', async () => {
    const fresh = await signedIn(env.deps, 'citizen');
    const halls = await http()
      .get(`/api/appointments/halls?itemCode=${itemCode}`)
      .set('Authorization', fresh.header);
    expect(halls.body.halls[0].realNameRequired).toBe(true);
    const before = await rt.appt.ctx.repos.slots.list({ hallCode: 'HALL-SZ', date: DAY, start: '10:30' });
    const refused = await book(fresh.header, { start: '10:30' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('BOOKING_REAL_NAME_REQUIRED');
    expect(refused.body.error.message).toMatch(/实名认证/);
    const after = await rt.appt.ctx.repos.slots.list({ hallCode: 'HALL-SZ', date: DAY, start: '10:30' });
    expect(after.map((s) => s.booked)).toEqual(before.map((s) => s.booked));
    expect((await rt.appt.ctx.repos.bookings.listByPerson(fresh.user.id)).length).toBe(0);

    // 实名信息 through the users route, then the same slot books.
    const profile = await http()
      .put('/api/me/profile')
      .set('Authorization', fresh.header)
      .send({ name: '赵实名', idNumber: makeIdNumber('19920101', '456'), phone: '13700001111' });
    expect(profile.status).toBe(200);
    expect((await book(fresh.header, { start: '10:30' })).status).toBe(201);

    // A hall that waived it (its booking config): a person without a profile books there.
    await rt.appt.slots.configureHall(smallHall('HALL-SZ', 5, { realNameRequired: false }));
    try {
      const unverified = await signedIn(env.deps, 'citizen');
      const waived = await http()
        .get(`/api/appointments/halls?itemCode=${itemCode}`)
        .set('Authorization', unverified.header);
      expect(waived.body.halls[0].realNameRequired).toBe(false);
      expect((await book(unverified.header, { start: '15:30' })).status).toBe(201);
    } finally {
      // Configured again without the field: required again (the stored waiver does not survive).
      await rt.appt.slots.configureHall(smallHall('HALL-SZ', 5));
    }
    expect((await rt.appt.ctx.repos.configs.get('HALL-SZ'))?.realNameRequired).toBeUndefined();
    const later = await signedIn(env.deps, 'citizen');
    expect((await book(later.header, { start: '15:30' })).body.error.code).toBe('BOOKING_REAL_NAME_REQUIRED');
  });

  it('bad input on POST /api/appointments: 400 with fields (header and body)', async () => {
    const { header } = await citizen();
    const noKey = await http()
      .post('/api/appointments')
      .set('Authorization', header)
      .send({ itemCode, hallCode: 'HALL-SZ', date: DAY, start: '09:00' });
    expect(noKey.status).toBe(400);
    expect(fieldsOf(noKey)).toEqual(['headers.idempotency-key']);
    expect(noKey.body.error.details.fields[0].message).toMatch(/请求编号|缺少/);
    const shortKey = await book(header, {}, 'short');
    expect(shortKey.status).toBe(400);
    const badBody = await http()
      .post('/api/appointments')
      .set('Authorization', header)
      .set('Idempotency-Key', key())
      .send({ itemCode: 'x', date: '2026-02-30', start: '9:00', joinWaitlist: 'yes' });
    expect(badBody.status).toBe(400);
    expect(fieldsOf(badBody)).toEqual([
      'body.date',
      'body.hallCode',
      'body.itemCode',
      'body.joinWaitlist',
      'body.start',
    ]);
    expect(
      badBody.body.error.details.fields.every((f: { message: string }) => /[\u4e00-\u9fa5]/.test(f.message)),
    ).toBe(true);
    const notOpen = await book(header, { date: '2026-10-20' });
    expect(notOpen.status).toBe(409);
    expect(notOpen.body.error.code).toBe('BOOKING_NOT_OPEN');
    const staffer = await staff();
    expect((await book(staffer.header)).status).toBe(403);
  });

  it('full slot → SLOT_FULL, or the waiting list; a cancellation offers the seat; claim and leave', async () => {
    const staffer = await staff();
    const cap = await http().post('/api/staff/slots/capacity').set('Authorization', staffer.header).send({
      hallCode: 'HALL-SZ',
      date: DAY,
      windowType: '综合受理',
      start: '11:00',
      capacity: 1,
      reason: '窗口人员培训',
    });
    expect(cap.status).toBe(200);
    expect(cap.body.slots).toHaveLength(1);
    expect(cap.body.slots[0]).toMatchObject({ capacity: 1, start: '11:00' });

    const a = await citizen();
    const b = await citizen();
    const c = await citizen();
    const booked = await book(a.header, { start: '11:00' });
    expect(booked.status).toBe(201);
    const full = await book(b.header, { start: '11:00' });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
    const waiting = await book(b.header, { start: '11:00', joinWaitlist: true });
    expect(waiting.status).toBe(201);
    expect(waiting.body).toMatchObject({ outcome: 'waitlisted', entry: { status: 'waiting', position: 1 } });
    const waitingC = await book(c.header, { start: '11:00', joinWaitlist: true });
    expect(waitingC.body.entry.position).toBe(2);

    const slots = await http()
      .get(`/api/appointments/slots?hallCode=HALL-SZ&itemCode=${itemCode}&date=${DAY}`)
      .set('Authorization', a.header);
    expect(slots.body.slots.find((s: { start: string }) => s.start === '11:00')).toMatchObject({
      seatsLeft: 0,
      waiting: 2,
    });

    const cancelled = await http()
      .post(`/api/appointments/${booked.body.booking.id}/cancel`)
      .set('Authorization', a.header)
      .send({ reason: '临时有事' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');

    const mineB = await http().get('/api/appointments/mine').set('Authorization', b.header);
    expect(mineB.body.waitlist).toHaveLength(1);
    expect(mineB.body.waitlist[0]).toMatchObject({ status: 'offered', statusLabel: '有名额待确认' });
    expect(mineB.body.waitlist[0].offerExpiresAt).toBeDefined();

    // C may not claim B's offer (someone else's id: 404), and C is not offered anything yet.
    const notC = await http()
      .post(`/api/appointments/waitlist/${waiting.body.entry.id}/claim`)
      .set('Authorization', c.header);
    expect(notC.status).toBe(404);
    const claimed = await http()
      .post(`/api/appointments/waitlist/${waiting.body.entry.id}/claim`)
      .set('Authorization', b.header);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject({ status: 'booked', start: '11:00' });

    const left = await http()
      .post(`/api/appointments/waitlist/${waitingC.body.entry.id}/leave`)
      .set('Authorization', c.header);
    expect(left.status).toBe(200);
    expect(left.body.status).toBe('cancelled');
    const badId = await http().post('/api/appointments/waitlist/nope/leave').set('Authorization', c.header);
    // A malformed id is bad input (400 on params.id), a well-formed unknown one 404.
    expect([400, 404]).toContain(badId.status);

    // Staff of another hall may not change this hall's capacity.
    const elsewhere = await staff(['HALL-MS']);
    const denied = await http()
      .post('/api/staff/slots/capacity')
      .set('Authorization', elsewhere.header)
      .send({ hallCode: 'HALL-SZ', date: DAY, capacity: 3, reason: '调整' });
    expect(denied.status).toBe(403);
    const badCap = await http()
      .post('/api/staff/slots/capacity')
      .set('Authorization', staffer.header)
      .send({ hallCode: 'HALL-SZ', date: DAY, capacity: -1 });
    expect(badCap.status).toBe(400);
    expect(fieldsOf(badCap)).toEqual(['body.capacity', 'body.reason']);
  });

  it('reschedules in one step (Idempotency-Key); cancel and reschedule bad input', async () => {
    const { header } = await citizen();
    const first = await book(header, { start: '13:30' });
    const id = first.body.booking.id as string;
    const noKey = await http()
      .post(`/api/appointments/${id}/reschedule`)
      .set('Authorization', header)
      .send({ date: DAY, start: '14:00' });
    expect(noKey.status).toBe(400);
    const badBody = await http()
      .post(`/api/appointments/${id}/reschedule`)
      .set('Authorization', header)
      .set('Idempotency-Key', key())
      .send({ date: 'x' });
    expect(badBody.status).toBe(400);
    expect(fieldsOf(badBody)).toEqual(['body.date', 'body.start']);
    const idem = key();
    const moved = await http()
      .post(`/api/appointments/${id}/reschedule`)
      .set('Authorization', header)
      .set('Idempotency-Key', idem)
      .send({ date: '2026-10-14', start: '14:00' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'booked', date: '2026-10-14', start: '14:00' });
    const old = await http().get(`/api/appointments/${id}`).set('Authorization', header);
    expect(old.body).toMatchObject({
      status: 'rescheduled',
      rescheduledTo: moved.body.id,
      cancellable: false,
    });
    const badCancel = await http()
      .post(`/api/appointments/${moved.body.id}/cancel`)
      .set('Authorization', header)
      .send({ reason: 'x'.repeat(201) });
    expect(badCancel.status).toBe(400);
    expect(fieldsOf(badCancel)).toEqual(['body.reason']);
  });
});

describe('at the hall', () => {
  it('check-in gives queue numbers; the ticket shows its position; call next; served; staff list masks names', async () => {
    const staffer = await staff();
    const p1 = await citizen();
    const p2 = await citizen();
    const t1 = (await book(p1.header, { start: '15:00' })).body.booking;
    const t2 = (await book(p2.header, { start: '15:00' })).body.booking;
    clock.set(DAY, '14:40');

    const elsewhere = await staff(['HALL-MS']);
    const wrongHall = await http()
      .post('/api/staff/appointments/check-in')
      .set('Authorization', elsewhere.header)
      .send({ code: t1.code });
    expect(wrongHall.status).toBe(404);
    const badCode = await http()
      .post('/api/staff/appointments/check-in')
      .set('Authorization', staffer.header)
      .send({});
    expect(badCode.status).toBe(400);
    expect(fieldsOf(badCode)).toEqual(['body.code']);

    const c1 = await http()
      .post('/api/staff/appointments/check-in')
      .set('Authorization', staffer.header)
      .send({ code: t1.qrPayload });
    expect(c1.status).toBe(200);
    expect(c1.body).toMatchObject({ ahead: 0, ticket: { id: t1.id, status: 'checked_in' } });
    expect(c1.body.queueNo).toMatch(/^A\d{3}$/);
    const c2 = await http()
      .post('/api/staff/appointments/check-in')
      .set('Authorization', staffer.header)
      .send({ code: t2.code.toLowerCase() });
    expect(c2.body.ahead).toBe(1);

    const pos2 = await http().get(`/api/appointments/${t2.id}/position`).set('Authorization', p2.header);
    expect(pos2.body).toMatchObject({
      status: 'checked_in',
      statusLabel: '已签到',
      queueNo: c2.body.queueNo,
      ahead: 1,
    });

    const list = await http()
      .get(`/api/staff/appointments?hallCode=HALL-SZ&date=${DAY}&status=checked_in`)
      .set('Authorization', staffer.header);
    expect(list.status).toBe(200);
    expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([t1.id, t2.id]);
    const listOther = await http()
      .get(`/api/staff/appointments?hallCode=HALL-SZ&date=${DAY}`)
      .set('Authorization', elsewhere.header);
    expect(listOther.status).toBe(403);
    const supervisor = await signedIn(env.deps, 'supervisor');
    const supList = await http()
      .get('/api/staff/appointments?hallCode=HALL-SZ')
      .set('Authorization', supervisor.header);
    expect(supList.status).toBe(200);
    expect(supList.body.date).toBe(DAY);
    const badList = await http()
      .get('/api/staff/appointments?status=nope')
      .set('Authorization', staffer.header);
    expect(badList.status).toBe(400);
    expect(fieldsOf(badList)).toEqual(['query.hallCode', 'query.status']);

    const call = await http()
      .post('/api/staff/appointments/call-next')
      .set('Authorization', staffer.header)
      .send({ hallCode: 'HALL-SZ', windowType: '综合受理', windowName: '3号窗口' });
    expect(call.status).toBe(200);
    expect(call.body.ticket).toMatchObject({ id: t1.id, status: 'called', calledWindow: '3号窗口' });
    const pos1 = await http().get(`/api/appointments/${t1.id}/position`).set('Authorization', p1.header);
    expect(pos1.body).toMatchObject({ status: 'called', calledWindow: '3号窗口' });
    const pos2b = await http().get(`/api/appointments/${t2.id}/position`).set('Authorization', p2.header);
    expect(pos2b.body.ahead).toBe(0);

    const served = await http()
      .post(`/api/staff/appointments/${t1.id}/served`)
      .set('Authorization', staffer.header);
    expect(served.status).toBe(200);
    expect(served.body.status).toBe('served');
    const servedElsewhere = await http()
      .post(`/api/staff/appointments/${t2.id}/served`)
      .set('Authorization', elsewhere.header);
    expect(servedElsewhere.status).toBe(404);

    await http()
      .post('/api/staff/appointments/call-next')
      .set('Authorization', staffer.header)
      .send({ hallCode: 'HALL-SZ', windowType: '综合受理', windowName: '3号窗口' });
    const empty = await http()
      .post('/api/staff/appointments/call-next')
      .set('Authorization', staffer.header)
      .send({ hallCode: 'HALL-SZ', windowType: '综合受理', windowName: '3号窗口' });
    expect(empty.status).toBe(404);
    expect(empty.body.error.code).toBe('QUEUE_EMPTY');
    const badCall = await http()
      .post('/api/staff/appointments/call-next')
      .set('Authorization', staffer.header)
      .send({ hallCode: 'HALL-SZ', windowType: '窗口' });
    expect(badCall.status).toBe(400);
    expect(fieldsOf(badCall)).toEqual(['body.windowName', 'body.windowType']);
  });
});

describe('核对身份 at check-in', () => {
  it('staff of the hall see the full name and ID last 4 behind an explicit request, audited; lists stay masked; others refused', async () => {
    const idNumber = makeIdNumber('19750101', '321');
    const who = await person(env.deps, 'citizen', { name: '钱核对', idNumber });
    const t = (await book(who.header, { start: '14:30' })).body.booking;
    clock.set(DAY, '14:10');
    const staffer = await staff();
    const checked = await http()
      .post('/api/staff/appointments/check-in')
      .set('Authorization', staffer.header)
      .send({ code: t.code });
    expect(checked.body.ticket.personName).toBe('钱*对');
    const list = await http()
      .get(`/api/staff/appointments?hallCode=HALL-SZ&date=${DAY}`)
      .set('Authorization', staffer.header);
    expect(JSON.stringify(list.body)).not.toContain('钱核对');

    const shown = await http()
      .post(`/api/staff/appointments/${t.id}/person-identity`)
      .set('Authorization', staffer.header);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ name: '钱核对', idNumberLast4: idNumber.slice(-4) });

    const elsewhere = await staff(['HALL-MS']);
    const other = await http()
      .post(`/api/staff/appointments/${t.id}/person-identity`)
      .set('Authorization', elsewhere.header);
    expect(other.status).toBe(404);
    const self = await http()
      .post(`/api/staff/appointments/${t.id}/person-identity`)
      .set('Authorization', who.header);
    expect(self.status).toBe(403);

    const supervisor = await signedIn(env.deps, 'supervisor');
    const audit = await http()
      .get('/api/audit?action=appointments.view-person&pageSize=50')
      .set('Authorization', supervisor.header);
    const entries = (audit.body.items as Array<Record<string, unknown>>).filter((e) => e.target === t.id);
    expect(entries).toHaveLength(1);
  });
});

describe("check-in counts a trip on the person's open case of the same item", () => {
  it('accepted case → 1 appointment trip; a second check-in does not double it; no case → plain check-in', async () => {
    const staffer = await staff();
    const lead = await person(env.deps, 'staff', { department: 'GA', halls: ['HALL-SZ'] });
    const applicant = await person(env.deps, 'citizen');
    const { id } = await fileCase(env.deps, applicant.principal, itemCode);
    const asLead = (path: string, body: object) =>
      http().post(`/api/cases/${id}/${path}`).set('Authorization', lead.header).send(body);
    expect((await asLead('prereview', { result: 'pass' })).status).toBe(200);
    expect((await asLead('accept', {})).body.status).toBe('accepted');

    // Someone with no case for this item (only one for another item): checked in as usual.
    const other = await person(env.deps, 'citizen');
    const { id: otherItemCase } = await fileCase(env.deps, other.principal, await publishItem(env.deps));

    const mine = (await book(applicant.header, { start: '16:00' })).body.booking;
    const theirs = (await book(other.header, { start: '16:00' })).body.booking;
    clock.set(DAY, '15:40');

    const checkIn = (code: string) =>
      http().post('/api/staff/appointments/check-in').set('Authorization', staffer.header).send({ code });
    const first = await checkIn(mine.code);
    expect(first.status).toBe(200);
    expect(first.body.ticket).toMatchObject({ id: mine.id, status: 'checked_in' });

    const view = await http().get(`/api/cases/${id}`).set('Authorization', applicant.header);
    expect(view.status).toBe(200);
    expect(view.body.trips.taken).toBe(1);
    expect(view.body.trips.trips).toHaveLength(1);
    expect(view.body.trips.trips[0]).toMatchObject({ source: 'appointment' });

    // Checking the same booking in again answers the same ticket, and records no second trip.
    const again = await checkIn(mine.code);
    expect(again.status).toBe(200);
    expect(again.body.queueNo).toBe(first.body.queueNo);
    // Nor does recording the same appointment again (e.g. a retried hook).
    await casesOf(env.deps).service.recordAppointmentTrip({
      personId: applicant.user.id,
      itemCode,
      appointmentId: mine.id,
      hallCode: 'HALL-SZ',
    });
    const still = await http().get(`/api/cases/${id}`).set('Authorization', applicant.header);
    expect(still.body.trips.taken).toBe(1);

    const plain = await checkIn(theirs.code);
    expect(plain.status).toBe(200);
    expect(plain.body.ticket).toMatchObject({ id: theirs.id, status: 'checked_in' });
    const untouched = await http().get(`/api/cases/${otherItemCase}`).set('Authorization', other.header);
    expect(untouched.body.trips.taken).toBe(0);
  });

  it('a failure to record the trip does not fail the check-in', async () => {
    const staffer = await staff();
    const applicant = await person(env.deps, 'citizen');
    const { id } = await fileCase(env.deps, applicant.principal, itemCode);
    const booking = (await book(applicant.header, { start: '16:00' })).body.booking;
    clock.set(DAY, '15:40');
    const spy = jest
      .spyOn(casesOf(env.deps).service, 'recordAppointmentTrip')
      .mockRejectedValueOnce(new Error('cases store down'));
    try {
      const res = await http()
        .post('/api/staff/appointments/check-in')
        .set('Authorization', staffer.header)
        .send({ code: booking.code });
      expect(res.status).toBe(200);
      expect(res.body.ticket).toMatchObject({ id: booking.id, status: 'checked_in' });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
    const view = await http().get(`/api/cases/${id}`).set('Authorization', applicant.header);
    expect(view.body.trips.taken).toBe(0);
  });
});

describe('capacity race over HTTP', () => {
  it('220 concurrent POSTs from distinct people on a 5-seat slot: exactly 5 booked', async () => {
    const people = [];
    for (let i = 0; i < 220; i += 20) {
      people.push(...(await Promise.all(Array.from({ length: 20 }, () => citizen()))));
    }
    const results = await Promise.all(people.map((p) => book(p.header, { start: '16:30' })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.error.code === 'SLOT_FULL')).toBe(
      true,
    );
    expect(statuses.filter((s) => s !== 201 && s !== 409)).toEqual([]);
    const [slot] = await rt.appt.ctx.repos.slots.list({ hallCode: 'HALL-SZ', date: DAY, start: '16:30' });
    expect(slot.booked).toBe(5);
    expect(Object.keys(slot.seats)).toHaveLength(5);
  }, 120_000);
});
