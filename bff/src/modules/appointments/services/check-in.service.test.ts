import type { BookingView } from '@app/shared';
import {
  bookInput,
  codeOf,
  createAppointmentsFixture,
  DAY,
  smallHall,
  type AppointmentsFixture,
} from '../testing/appointments-fixture';

let fx: AppointmentsFixture;
const staff = { staffId: 'staff-1', staffHalls: ['JX-ZWFW'] };

beforeAll(async () => {
  fx = await createAppointmentsFixture({ noShowGraceMinutes: 15 });
  await fx.appt.slots.configureHall(smallHall('JX-ZWFW', 30));
});
afterAll(() => fx.close());

async function book(personId: string, over: Record<string, unknown> = {}): Promise<BookingView> {
  fx.clock.set('2026-10-08', '10:00');
  const r = await fx.appt.bookings.book(bookInput(personId, over));
  if (r.outcome !== 'booked') throw new Error('expected booked');
  return r.booking;
}

describe('check-in and the queue', () => {
  let people: BookingView[];
  let consult: BookingView;

  beforeAll(async () => {
    people = [];
    for (let i = 0; i < 4; i++) people.push(await book(`q-${i}`));
    consult = await book('q-consult', { windowType: '综合咨询' });
  });

  it('only on the booking day, only by staff of that hall', async () => {
    fx.clock.set('2026-10-12', '09:00');
    expect(await codeOf(fx.appt.checkIn.checkIn({ code: people[0].code, ...staff }))).toBe(
      'CHECK_IN_OUT_OF_TIME',
    );
    fx.clock.set(DAY, '08:50');
    expect(
      await codeOf(
        fx.appt.checkIn.checkIn({ code: people[0].code, staffId: 's-2', staffHalls: ['MS-ZWFW'] }),
      ),
    ).toBe('FORBIDDEN');
    expect(await codeOf(fx.appt.checkIn.checkIn({ code: 'ZZZZZZZZ', ...staff }))).toBe('BOOKING_NOT_FOUND');
    expect(await codeOf(fx.appt.checkIn.checkIn({ code: 'not a code', ...staff }))).toBe('VALIDATION_FAILED');
  });

  it('gives numbers per hall, day and window type: A001, A002 … and B001; by code or QR payload; twice = same', async () => {
    fx.clock.set(DAY, '08:50');
    const first = await fx.appt.checkIn.checkIn({ code: people[0].code.toLowerCase(), ...staff });
    expect(first).toMatchObject({
      queueNo: 'A001',
      ahead: 0,
      booking: { status: 'checked_in', queueNo: 'A001' },
    });
    const second = await fx.appt.checkIn.checkIn({ code: people[1].qrPayload, ...staff });
    expect(second).toMatchObject({ queueNo: 'A002', ahead: 1 });
    expect((await fx.appt.checkIn.checkIn({ code: people[0].code, ...staff })).queueNo).toBe('A001');
    expect((await fx.appt.checkIn.checkIn({ code: consult.code, ...staff })).queueNo).toBe('B001');
    const third = await fx.appt.checkIn.checkIn({ code: people[2].code, ...staff });
    expect(third).toMatchObject({ queueNo: 'A003', ahead: 2 });
  });

  it('staff call the oldest checked-in number; the positions move up; served closes it', async () => {
    fx.clock.set(DAY, '09:01');
    const called = await fx.appt.checkIn.callNext({
      hallCode: 'JX-ZWFW',
      windowType: '综合受理',
      windowName: '3号窗口',
      ...staff,
    });
    expect(called).toMatchObject({ queueNo: 'A001', status: 'called' });
    expect(await fx.appt.checkIn.queuePosition({ bookingId: people[2].id, personId: 'q-2' })).toMatchObject({
      queueNo: 'A003',
      ahead: 1,
    });
    // Two windows call at once: two different people.
    const [x, y] = await Promise.all([
      fx.appt.checkIn.callNext({ hallCode: 'JX-ZWFW', windowType: '综合受理', ...staff }),
      fx.appt.checkIn.callNext({ hallCode: 'JX-ZWFW', windowType: '综合受理', ...staff }),
    ]);
    expect([x?.queueNo, y?.queueNo].sort()).toEqual(['A002', 'A003']);
    expect(
      await fx.appt.checkIn.callNext({ hallCode: 'JX-ZWFW', windowType: '综合受理', ...staff }),
    ).toBeNull();
    expect((await fx.appt.checkIn.markServed({ bookingId: people[0].id, ...staff })).status).toBe('served');
    expect(await codeOf(fx.appt.checkIn.markServed({ bookingId: people[3].id, ...staff }))).toBe(
      'BOOKING_STATE_CONFLICT',
    );
    expect(
      await codeOf(
        fx.appt.checkIn.callNext({
          hallCode: 'JX-ZWFW',
          windowType: '综合受理',
          staffId: 'x',
          staffHalls: [],
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('too late after the slot end + grace; a cancelled booking cannot check in', async () => {
    fx.clock.set(DAY, '09:46'); // slot 09:00–09:30, grace 15 min
    expect(await codeOf(fx.appt.checkIn.checkIn({ code: people[3].code, ...staff }))).toBe(
      'CHECK_IN_OUT_OF_TIME',
    );
    const cancelled = await book('q-cancel', { start: '16:30' });
    await fx.appt.bookings.cancel({ bookingId: cancelled.id, personId: 'q-cancel' });
    fx.clock.set(DAY, '16:00');
    const err = await fx.appt.checkIn.checkIn({ code: cancelled.code, ...staff }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BOOKING_STATE_CONFLICT', message: '该预约已取消，不能签到' });
  });

  it('30 check-ins at once (two desks, same time) get 30 distinct consecutive numbers', async () => {
    const many: BookingView[] = [];
    for (let i = 0; i < 30; i++) many.push(await book(`qq-${i}`, { start: '14:00' }));
    fx.clock.set(DAY, '13:50');
    const tickets = await Promise.all(many.map((b) => fx.appt.checkIn.checkIn({ code: b.code, ...staff })));
    const numbers = tickets.map((t) => Number(t.queueNo.slice(1))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(30);
    expect(numbers[29] - numbers[0]).toBe(29);
  });
});
