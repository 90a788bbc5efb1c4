import { Types } from 'mongoose';
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
  fx = await createAppointmentsFixture({
    noShowGraceMinutes: 15,
    noShowLimit: 3,
    noShowWindowDays: 30,
    restrictionDays: 30,
  });
  await fx.appt.slots.configureHall(smallHall('JX-ZWFW', 10));
});
afterAll(() => fx.close());

async function book(personId: string, itemCode: string, start = '09:00') {
  fx.clock.set('2026-10-08', '10:00');
  const r = await fx.appt.bookings.book(bookInput(personId, { itemCode, start }));
  if (r.outcome !== 'booked') throw new Error('expected booked');
  return r.booking;
}

describe('no-shows (爽约) and the booking restriction', () => {
  it('not checked in by slot end + grace → no_show; 3 in 30 days → no booking for 30 days, with reason and date', async () => {
    const missed = [
      await book('ns-1', 'JX-GA-0001'),
      await book('ns-1', 'JX-GA-0002'),
      await book('ns-1', 'JX-GA-0003'),
    ];
    const present = await book('ns-2', 'JX-GA-0001');
    fx.clock.set(DAY, '09:10');
    await fx.appt.checkIn.checkIn({ code: present.code, ...staff });

    fx.clock.set(DAY, '09:44'); // 09:30 + 15 min grace not yet over
    expect(await fx.appt.noShows.sweepNoShows()).toEqual({ noShows: 0, restricted: 0 });
    fx.clock.set(DAY, '09:46');
    expect(await fx.appt.noShows.sweepNoShows()).toEqual({ noShows: 3, restricted: 1 });
    expect(await fx.appt.noShows.sweepNoShows()).toEqual({ noShows: 0, restricted: 0 });
    for (const b of missed) expect((await fx.appt.bookings.get(b.id, 'ns-1')).status).toBe('no_show');
    expect((await fx.appt.bookings.get(present.id, 'ns-2')).status).toBe('checked_in');
    const notices = (await Promise.all(missed.map((b) => fx.appt.bookings.get(b.id, 'ns-1')))).flatMap(
      (b) => b.notices,
    );
    expect(notices).toEqual([
      expect.objectContaining({ kind: 'restricted', message: expect.stringContaining('30 天内暂停预约') }),
    ]);

    const err = await fx.appt.bookings
      .book(bookInput('ns-1', { date: '2026-10-16', itemCode: 'JX-GA-0009' }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'BOOKING_RESTRICTED',
      message: '30 天内爽约 3 次，2026-11-12（含）前暂停预约',
      details: { reason: '30 天内爽约 3 次', lastRestrictedDay: '2026-11-12' },
    });

    // 30 days later the person may book again.
    fx.clock.set('2026-11-12', '10:00');
    expect(await codeOf(fx.appt.bookings.book(bookInput('ns-1', { date: '2026-11-16' })))).toBe('OK');
  });

  it('two no-shows do not restrict', async () => {
    await book('ns-3', 'JX-GA-0001', '10:00');
    await book('ns-3', 'JX-GA-0002', '10:00');
    fx.clock.set(DAY, '12:00');
    expect(await fx.appt.noShows.sweepNoShows()).toEqual({ noShows: 2, restricted: 0 });
    fx.clock.set('2026-10-08', '10:00');
    expect(await codeOf(fx.appt.bookings.book(bookInput('ns-3', { date: '2026-10-14' })))).toBe('OK');
  });

  it('a sweep cut short after marking no-shows resumes the rule on the next run', async () => {
    const ids = [
      await book('ns-4', 'JX-GA-0001', '11:00'),
      await book('ns-4', 'JX-GA-0002', '11:00'),
      await book('ns-4', 'JX-GA-0003', '11:00'),
    ];
    fx.clock.set(DAY, '12:00');
    // The first step only (then a crash): statuses flipped, rule not applied.
    for (const b of ids) {
      await fx.appt.ctx.repos.bookings.transition(
        new Types.ObjectId(b.id),
        ['booked'],
        { status: 'no_show', noShowAt: fx.clock.now(), noShowCounted: false, updatedAt: fx.clock.now() },
        { deactivate: true },
      );
    }
    expect(await fx.appt.ctx.repos.restrictions.findActive('ns-4', fx.clock.now())).toBeNull();
    expect(await fx.appt.noShows.sweepNoShows()).toEqual({ noShows: 0, restricted: 1 });
    expect(await fx.appt.ctx.repos.restrictions.findActive('ns-4', fx.clock.now())).toMatchObject({
      personId: 'ns-4',
    });
  });
});
