import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { signedIn } from '../auth/testing/identity-fixtures';
import { clearHolidayNotices, setHolidayNotices } from '../calendar';
import { appointmentsOf, type AppointmentsRuntime } from './appointments.runtime';
import { TestClock, smallHall } from './testing/appointments-fixture';
import { loadDemoHalls, publishBookableItem, verifiedPerson } from './testing/http-fixtures';

/**
 * 2027 before its holiday notice: the weekdays next to the statutory holidays (bridge days the notice
 * usually makes days off) are not opened for booking; the others are. 春节 2027: 除夕 Fri 2/5 – 初三
 * Mon 2/8, so Thu 2/4 and Tue–Fri 2/9–2/12 are withheld, Wed 2/3 is an ordinary working day.
 */
let env: TestEnv;
let clock: TestClock;
let rt: AppointmentsRuntime;
let itemCode: string;
let n = 0;
const key = () => `prov-${Date.now().toString(36)}-${(n += 1)}`;

beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  clock = new TestClock('2027-02-01', '10:00');
  rt = appointmentsOf(env.deps, { now: clock.now, cacheMs: 0 });
  await rt.appt.ensureIndexes();
  await loadDemoHalls(env.deps);
  itemCode = await publishBookableItem(env.deps);
  await rt.appt.slots.configureHall(smallHall('HALL-SZ', 5, { openDaysAhead: 20, closeDaysBefore: 0 }));
});
afterAll(async () => {
  clearHolidayNotices();
  await rt.reminders.queue().close();
  await env.close();
});
afterEach(() => clearHolidayNotices());

async function book(date: string) {
  const { header } = await verifiedPerson(env.deps);
  return request(env.callback)
    .post('/api/appointments')
    .set('Authorization', header)
    .set('Idempotency-Key', key())
    .send({ itemCode, hallCode: 'HALL-SZ', date, start: '09:00' });
}

describe('provisional days (no 2027 notice yet) and booking', () => {
  it('availability withholds the bridge days, says why, and keeps ordinary days open', async () => {
    const { header } = await signedIn(env.deps, 'citizen');
    const res = await request(env.callback)
      .get(
        `/api/appointments/availability?itemCode=${itemCode}&hallCode=HALL-SZ&from=2027-02-02&to=2027-02-15`,
      )
      .set('Authorization', header)
      .expect(200);
    const byDate = Object.fromEntries(
      res.body.days.map((d: { date: string; bookable: boolean; kind: string; note?: string }) => [d.date, d]),
    );
    expect(byDate['2027-02-03']).toMatchObject({ kind: 'workday', bookable: true });
    for (const date of ['2027-02-04', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12']) {
      expect([date, byDate[date].bookable, byDate[date].note]).toEqual([
        date,
        false,
        '节假日安排通知尚未发布，节日前后的工作日暂不开放预约',
      ]);
    }
    for (const date of ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'])
      expect(byDate[date]).toMatchObject({ kind: 'holiday', isWorkingDay: false, bookable: false });
    expect(byDate['2027-02-15']).toMatchObject({ kind: 'workday', bookable: true });
  });

  it('booking a bridge day is refused with BOOKING_DAY_PROVISIONAL; an ordinary day books', async () => {
    const refused = await book('2027-02-09');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('BOOKING_DAY_PROVISIONAL');
    expect(refused.body.error.message).toMatch(/节假日安排尚未公布/);
    expect((await book('2027-02-04')).body.error.code).toBe('BOOKING_DAY_PROVISIONAL');
    expect((await book('2027-02-03')).status).toBe(201);
    // 除夕 itself is a statutory holiday: never a slot.
    expect((await book('2027-02-05')).body.error.code).toBe('SLOT_NOT_FOUND');
  });

  it('slot generation skips the bridge days until the notice is loaded, then follows the notice', async () => {
    const before = await rt.appt.slots.generateSlots({
      hallCode: 'HALL-SZ',
      from: '2027-02-03',
      to: '2027-02-12',
    });
    expect(before.filter((d) => d.working).map((d) => d.date)).toEqual(['2027-02-03']);
    expect(before.find((d) => d.date === '2027-02-04')?.reason).toMatch(/暂不开放预约/);

    setHolidayNotices([
      {
        year: 2027,
        days: ['2027-02-09', '2027-02-10', '2027-02-11'].map((date) => ({
          date,
          kind: 'holiday' as const,
          name: '春节',
        })),
      },
    ]);
    const after = await rt.appt.slots.generateSlots({
      hallCode: 'HALL-SZ',
      from: '2027-02-03',
      to: '2027-02-12',
    });
    expect(after.filter((d) => d.working).map((d) => d.date)).toEqual([
      '2027-02-03',
      '2027-02-04',
      '2027-02-12',
    ]);
    expect((await book('2027-02-04')).status).toBe(201);
    expect((await book('2027-02-10')).body.error.code).toBe('SLOT_NOT_FOUND');
  });
});
