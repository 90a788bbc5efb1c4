import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { signedIn } from '../auth/testing/identity-fixtures';
import { appointmentsOf, type AppointmentsRuntime } from './appointments.runtime';
import { TestClock, smallHall } from './testing/appointments-fixture';
import { loadDemoHalls, publishBookableItem, verifiedPerson } from './testing/http-fixtures';

/**
 * 名额与停约 over HTTP (real engine and Redis): `GET /api/staff/slots` lists a day's slots of the
 * caller's hall with their counts, and shows what `POST /api/staff/slots/capacity` changed.
 */

const TODAY = '2026-10-08'; // Thursday, the first working day after the National Day holiday
const DAY = '2026-10-14'; // Wednesday, inside the booking window at the test clock
const HALL = 'HALL-SZ';
let env: TestEnv;
let clock: TestClock;
let rt: AppointmentsRuntime;
let itemCode: string;
let n = 0;
const key = () => `staff-slots-${Date.now().toString(36)}-${(n += 1)}`;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  clock = new TestClock(TODAY, '10:00');
  rt = appointmentsOf(env.deps, { now: clock.now, cacheMs: 0 });
  await rt.appt.ensureIndexes();
  await loadDemoHalls(env.deps);
  itemCode = await publishBookableItem(env.deps);
  // 2 seats per 综合受理 slot (and per 综合咨询 slot).
  await rt.appt.slots.configureHall(smallHall(HALL, 2));
});
afterAll(async () => {
  await rt.reminders.queue().close();
  await env.close();
});

const http = () => request(env.callback);
const staff = (halls = [HALL]) => signedIn(env.deps, 'staff', { halls });
const citizen = () => verifiedPerson(env.deps);
const slotsOf = (header: string, query: string) =>
  http().get(`/api/staff/slots?${query}`).set('Authorization', header);
const fieldsOf = (res: request.Response) =>
  (res.body.error.details.fields as Array<{ path: string; message: string }>).map((f) => f.path).sort();

interface SlotRow {
  id: string;
  windowType: string;
  start: string;
  capacity: number;
  booked: number;
  closed: boolean;
  closedReason?: string;
  waiting?: number;
}
const at = (slots: SlotRow[], start: string, windowType = '综合受理') =>
  slots.find((s) => s.start === start && s.windowType === windowType);

async function book(header: string, start: string, joinWaitlist = false) {
  const res = await http()
    .post('/api/appointments')
    .set('Authorization', header)
    .set('Idempotency-Key', key())
    .send({ itemCode, hallCode: HALL, date: DAY, start, joinWaitlist });
  expect(res.status).toBe(201);
  return res.body;
}

describe('GET /api/staff/slots', () => {
  let staffHeader: string;

  beforeAll(async () => {
    staffHeader = (await staff()).header;
    // 09:00 full (2 booked) with one person waiting; 09:30 one booked; the rest of the day untouched.
    await book((await citizen()).header, '09:00');
    await book((await citizen()).header, '09:00');
    const waiting = await book((await citizen()).header, '09:00', true);
    expect(waiting.outcome).toBe('waitlisted');
    await book((await citizen()).header, '09:30');
  });

  it("lists the hall's slots of a day with capacity, booked and waiting counts", async () => {
    const res = await slotsOf(staffHeader, `hallCode=${HALL}&date=${DAY}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      hallCode: HALL,
      date: DAY,
      kind: 'workday',
      isWorkingDay: true,
      hallClosed: false,
    });
    const slots = res.body.slots as SlotRow[];
    // Every planned slot of both window types, generated or not, 综合受理 first, in time order.
    const planned = await rt.appt.slots.getHallConfig(HALL);
    expect(slots.length).toBeGreaterThan(10);
    expect(new Set(slots.map((s) => s.windowType))).toEqual(new Set(planned.windows.map((w) => w.type)));
    expect(slots[0]).toMatchObject({ windowType: '综合受理', start: '09:00' });
    expect(at(slots, '09:00')).toMatchObject({
      id: `${HALL}:${DAY}:A:0900`,
      capacity: 2,
      booked: 2,
      closed: false,
      waiting: 1,
    });
    expect(at(slots, '09:30')).toMatchObject({ capacity: 2, booked: 1, waiting: 0 });
    expect(at(slots, '10:00')).toMatchObject({ capacity: 2, booked: 0, closed: false, waiting: 0 });
    // The next working days from today: the weekend skipped, the 调休 Saturday included.
    expect(res.body.nextWorkingDays).toEqual([
      '2026-10-08',
      '2026-10-09',
      '2026-10-10',
      '2026-10-12',
      '2026-10-13',
    ]);
  });

  it('filters by window type; the date defaults to today', async () => {
    const consult = await slotsOf(staffHeader, `hallCode=${HALL}&date=${DAY}&windowType=综合咨询`);
    expect(consult.status).toBe(200);
    expect(consult.body.windowType).toBe('综合咨询');
    const types = new Set((consult.body.slots as SlotRow[]).map((s) => s.windowType));
    expect(types).toEqual(new Set(['综合咨询']));

    const today = await slotsOf(staffHeader, `hallCode=${HALL}`);
    expect(today.status).toBe(200);
    expect(today.body.date).toBe(TODAY);
  });

  it('says why a day has no slots: weekend, holiday, hall closure', async () => {
    const sunday = await slotsOf(staffHeader, `hallCode=${HALL}&date=2026-10-11`);
    expect(sunday.body).toMatchObject({ kind: 'weekend', isWorkingDay: false, hallClosed: false, slots: [] });
    const holiday = await slotsOf(staffHeader, `hallCode=${HALL}&date=2026-10-02`);
    expect(holiday.body).toMatchObject({ kind: 'holiday', isWorkingDay: false, slots: [] });
    expect(holiday.body.note).toContain('国庆');

    await rt.appt.ctx.repos.closures.upsert({
      hallCode: HALL,
      date: '2026-10-21',
      reason: '线路检修',
      createdBy: 'test',
    });
    const closed = await slotsOf(staffHeader, `hallCode=${HALL}&date=2026-10-21`);
    expect(closed.body).toMatchObject({ kind: 'closure', isWorkingDay: false, hallClosed: true, slots: [] });
    expect(closed.body.note).toContain('线路检修');
  });

  it("another hall's staff cannot see them; supervisors can; citizens and anonymous cannot", async () => {
    const elsewhere = await staff(['HALL-MS']);
    const refused = await slotsOf(elsewhere.header, `hallCode=${HALL}&date=${DAY}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN', message: '只能查看本大厅的预约时段' });

    const supervisor = await signedIn(env.deps, 'supervisor');
    const read = await slotsOf(supervisor.header, `hallCode=${HALL}&date=${DAY}`);
    expect(read.status).toBe(200);
    expect(at(read.body.slots, '09:00')?.booked).toBe(2);

    expect((await slotsOf((await citizen()).header, `hallCode=${HALL}&date=${DAY}`)).status).toBe(403);
    expect((await http().get(`/api/staff/slots?hallCode=${HALL}&date=${DAY}`)).status).toBe(401);
  });

  it('bad input: 400 with Chinese messages per field; a hall without booking 404', async () => {
    const bad = await slotsOf(staffHeader, `hallCode=${HALL}&date=2026-02-30&windowType=窗口`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(bad)).toEqual(['query.date', 'query.windowType']);
    for (const f of bad.body.error.details.fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
    const noHall = await slotsOf(staffHeader, `date=${DAY}`);
    expect(noHall.status).toBe(400);
    expect(fieldsOf(noHall)).toEqual(['query.hallCode']);

    const unconfigured = await slotsOf((await staff(['HALL-NONE'])).header, 'hallCode=HALL-NONE');
    expect(unconfigured.status).toBe(404);
    expect(unconfigured.body.error.code).toBe('HALL_NOT_CONFIGURED');
  });

  it('shows a closed slot and a changed day capacity after POST /api/staff/slots/capacity', async () => {
    const change = (body: Record<string, unknown>) =>
      http()
        .post('/api/staff/slots/capacity')
        .set('Authorization', staffHeader)
        .send({ hallCode: HALL, date: DAY, windowType: '综合受理', ...body });

    const closed = await change({ start: '10:00', closed: true, reason: '窗口人员培训' });
    expect(closed.status).toBe(200);
    let slots = (await slotsOf(staffHeader, `hallCode=${HALL}&date=${DAY}`)).body.slots as SlotRow[];
    expect(at(slots, '10:00')).toMatchObject({ closed: true, closedReason: '窗口人员培训' });
    expect(at(slots, '09:00')?.closed).toBe(false);

    // The whole day's 综合受理 slots down to 1: 09:00 keeps its 2 booked people.
    expect((await change({ capacity: 1, reason: '窗口人员抽调' })).status).toBe(200);
    slots = (await slotsOf(staffHeader, `hallCode=${HALL}&date=${DAY}`)).body.slots as SlotRow[];
    const counter = slots.filter((s) => s.windowType === '综合受理');
    expect(counter.every((s) => s.capacity === 1)).toBe(true);
    expect(at(slots, '09:00')).toMatchObject({ capacity: 1, booked: 2 });
    expect(at(slots, '10:00', '综合咨询')?.capacity).toBe(2);

    // Reopened: the reason is gone.
    expect((await change({ start: '10:00', closed: false, reason: '培训取消' })).status).toBe(200);
    slots = (await slotsOf(staffHeader, `hallCode=${HALL}&date=${DAY}`)).body.slots as SlotRow[];
    expect(at(slots, '10:00')).toMatchObject({ closed: false });
    expect(at(slots, '10:00')?.closedReason).toBeUndefined();
  });
});
