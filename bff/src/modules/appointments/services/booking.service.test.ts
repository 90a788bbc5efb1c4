import { bookingModel } from '../models/booking.model';
import { slotModel } from '../models/slot.model';
import {
  bookInput,
  codeOf,
  createAppointmentsFixture,
  DAY,
  key,
  smallHall,
  type AppointmentsFixture,
} from '../testing/appointments-fixture';
import type { BookResult } from './booking.service';

let fx: AppointmentsFixture;

beforeAll(async () => {
  fx = await createAppointmentsFixture();
  await fx.appt.slots.configureHall(smallHall('JX-ZWFW', 3));
});
afterAll(() => fx.close());
afterEach(() => fx.clock.set('2026-10-08', '10:00'));

function booked(result: BookResult) {
  if (result.outcome !== 'booked') throw new Error(`expected booked, got ${result.outcome}`);
  return result.booking;
}

async function slotState(id: string) {
  const slot = await slotModel(fx.env.mongo.connection).findById(id).lean().exec();
  return { booked: slot?.booked, holders: Object.keys(slot?.seats ?? {}).sort() };
}

describe('book()', () => {
  it('books a seat: booked status, an 8-character code, a QR payload, the seat in the ledger', async () => {
    const b = booked(await fx.appt.bookings.book(bookInput('p-1', { start: '09:30' })));
    expect(b).toMatchObject({
      status: 'booked',
      hallCode: 'JX-ZWFW',
      date: DAY,
      start: '09:30',
      end: '10:00',
    });
    expect(b.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(b.qrPayload).toBe(`ZDPAPPT1:${b.code}`);
    expect(await slotState('JX-ZWFW:2026-10-13:A:0930')).toEqual({ booked: 1, holders: [b.id] });
  });

  it('the same idempotency key twice gives the same booking and one seat', async () => {
    const input = bookInput('p-2', { start: '10:00' });
    const first = booked(await fx.appt.bookings.book(input));
    const again = await fx.appt.bookings.book(input);
    expect(again).toMatchObject({
      outcome: 'booked',
      replayed: true,
      booking: { id: first.id, code: first.code },
    });
    expect((await slotState('JX-ZWFW:2026-10-13:A:1000')).booked).toBe(1);
  });

  it('the same key from 20 concurrent retries: one booking, one seat', async () => {
    const input = bookInput('p-3', { start: '10:30' });
    const results = await Promise.all(Array.from({ length: 20 }, () => fx.appt.bookings.book(input)));
    const ids = new Set(results.map((r) => booked(r).id));
    expect(ids.size).toBe(1);
    expect(await slotState('JX-ZWFW:2026-10-13:A:1030')).toEqual({ booked: 1, holders: [...ids] });
    expect(await bookingModel(fx.env.mongo.connection).countDocuments({ personId: 'p-3' })).toBe(1);
  });

  it('the same key for another slot is refused', async () => {
    const input = bookInput('p-4', { start: '11:00' });
    await fx.appt.bookings.book(input);
    expect(await codeOf(fx.appt.bookings.book({ ...input, start: '11:30' }))).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('one active booking per person, item and day — another item or day is fine', async () => {
    booked(await fx.appt.bookings.book(bookInput('p-5', { start: '13:30' })));
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-5', { start: '14:00' })))).toBe(
      'BOOKING_DUPLICATE',
    );
    expect(
      await codeOf(fx.appt.bookings.book(bookInput('p-5', { start: '14:00', itemCode: 'JX-GA-0002' }))),
    ).toBe('OK');
    expect(
      await codeOf(fx.appt.bookings.book(bookInput('p-5', { start: '14:00', date: '2026-10-14' }))),
    ).toBe('OK');
  });

  it('one per day holds under 10 concurrent attempts with different keys', async () => {
    const results = await Promise.all(
      ['13:30', '14:00', '14:30', '15:00', '15:30'].flatMap((start) =>
        [1, 2].map(() => codeOf(fx.appt.bookings.book(bookInput('p-6', { start, windowType: '综合咨询' })))),
      ),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'BOOKING_DUPLICATE')).toHaveLength(9);
    const slots = await slotModel(fx.env.mongo.connection)
      .find({ date: DAY, windowType: '综合咨询' })
      .lean()
      .exec();
    expect(slots.reduce((n, s) => n + s.booked, 0)).toBe(1);
  });

  it('a full slot answers SLOT_FULL, and a retry of that attempt answers the same', async () => {
    const slot = { start: '16:30' };
    for (const p of ['p-f1', 'p-f2', 'p-f3']) booked(await fx.appt.bookings.book(bookInput(p, slot)));
    const input = bookInput('p-f4', slot);
    expect(await codeOf(fx.appt.bookings.book(input))).toBe('SLOT_FULL');
    expect(await codeOf(fx.appt.bookings.book(input))).toBe('SLOT_FULL');
    // The refusal does not hold the person's day.
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-f4', { start: '16:00' })))).toBe('OK');
  });

  it('a restricted person is refused with the reason and the end date', async () => {
    await fx.appt.ctx.repos.restrictions.create({
      _id: 'p-x|manual',
      personId: 'p-x',
      reason: '30 天内爽约 3 次',
      from: new Date('2026-10-01T00:00:00Z'),
      until: new Date('2026-10-31T02:00:00Z'),
      bookingIds: [],
    });
    const err = await fx.appt.bookings.book(bookInput('p-x')).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'BOOKING_RESTRICTED',
      message: '30 天内爽约 3 次，2026-10-31（含）前暂停预约',
      details: {
        reason: '30 天内爽约 3 次',
        until: '2026-10-31T02:00:00.000Z',
        lastRestrictedDay: '2026-10-31',
      },
    });
  });

  it('bad input gets VALIDATION_FAILED with every bad field, in Chinese', async () => {
    const err = (await fx.appt.bookings
      .book({
        personId: 'p-v',
        itemCode: '?',
        hallCode: '',
        windowType: '窗口',
        date: '2026-02-30',
        start: '9:00',
        idempotencyKey: 'x',
      })
      .catch((e: unknown) => e)) as {
      code: string;
      details: { fields: Array<{ path: string; message: string }> };
    };
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.fields.map((f) => f.path).sort()).toEqual(
      ['date', 'hallCode', 'idempotencyKey', 'itemCode', 'start', 'windowType'].sort(),
    );
    for (const f of err.details.fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});

describe('cancel()', () => {
  it('cancels before the cut-off, frees the seat, frees the day; repeating is harmless', async () => {
    const b = booked(await fx.appt.bookings.book(bookInput('p-c1', { start: '15:00' })));
    const cancelled = await fx.appt.bookings.cancel({
      bookingId: b.id,
      personId: 'p-c1',
      reason: '行程有变',
    });
    expect(cancelled.status).toBe('cancelled');
    expect(await slotState('JX-ZWFW:2026-10-13:A:1500')).toEqual({ booked: 0, holders: [] });
    expect((await fx.appt.bookings.cancel({ bookingId: b.id, personId: 'p-c1' })).status).toBe('cancelled');
    expect((await slotState('JX-ZWFW:2026-10-13:A:1500')).booked).toBe(0);
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-c1', { start: '15:00' })))).toBe('OK');
  });

  it('someone else cannot cancel it; after the cut-off nobody can', async () => {
    const b = booked(await fx.appt.bookings.book(bookInput('p-c2', { start: '15:30' })));
    expect(await codeOf(fx.appt.bookings.cancel({ bookingId: b.id, personId: 'p-other' }))).toBe(
      'BOOKING_NOT_FOUND',
    );
    fx.clock.set(DAY, '14:31'); // cut-off: 60 minutes before 15:30
    const err = await fx.appt.bookings.cancel({ bookingId: b.id, personId: 'p-c2' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCEL_TOO_LATE', message: expect.stringContaining('60 分钟') });
  });
});

describe('reschedule()', () => {
  it('moves to another slot: new seat taken, old booking rescheduled and its seat freed', async () => {
    const old = booked(
      await fx.appt.bookings.book(bookInput('p-m1', { start: '09:00', windowType: '综合咨询' })),
    );
    const moved = await fx.appt.bookings.reschedule({
      bookingId: old.id,
      personId: 'p-m1',
      date: '2026-10-14',
      start: '09:30',
      idempotencyKey: key(),
    });
    expect(moved).toMatchObject({
      status: 'booked',
      date: '2026-10-14',
      start: '09:30',
      windowType: '综合咨询',
    });
    expect(await fx.appt.bookings.get(old.id, 'p-m1')).toMatchObject({
      status: 'rescheduled',
      rescheduledTo: moved.id,
    });
    expect(await slotState('JX-ZWFW:2026-10-13:B:0900')).toEqual({ booked: 0, holders: [] });
    expect(await slotState('JX-ZWFW:2026-10-14:B:0930')).toEqual({ booked: 1, holders: [moved.id] });
  });

  it('to the same day: works although the day is held by the old booking', async () => {
    const old = booked(
      await fx.appt.bookings.book(bookInput('p-m2', { start: '10:00', windowType: '综合咨询' })),
    );
    const input = { bookingId: old.id, personId: 'p-m2', date: DAY, start: '11:00', idempotencyKey: key() };
    const moved = await fx.appt.bookings.reschedule(input);
    expect(moved).toMatchObject({ status: 'booked', start: '11:00' });
    // A retry answers the same new booking.
    expect((await fx.appt.bookings.reschedule(input)).id).toBe(moved.id);
    expect(
      await codeOf(fx.appt.bookings.book(bookInput('p-m2', { start: '13:30', windowType: '综合咨询' }))),
    ).toBe('BOOKING_DUPLICATE');
  });

  it('to a full slot: SLOT_FULL and the old booking is kept as it was', async () => {
    const full = { windowType: '综合咨询', start: '16:30' };
    for (const p of ['p-z1', 'p-z2', 'p-z3']) booked(await fx.appt.bookings.book(bookInput(p, full)));
    const old = booked(
      await fx.appt.bookings.book(bookInput('p-m3', { windowType: '综合咨询', start: '16:00' })),
    );
    const err = await codeOf(
      fx.appt.bookings.reschedule({
        bookingId: old.id,
        personId: 'p-m3',
        date: DAY,
        start: '16:30',
        idempotencyKey: key(),
      }),
    );
    expect(err).toBe('SLOT_FULL');
    expect((await fx.appt.bookings.get(old.id, 'p-m3')).status).toBe('booked');
    expect(await slotState('JX-ZWFW:2026-10-13:B:1600')).toMatchObject({ booked: 1, holders: [old.id] });
    expect((await slotState('JX-ZWFW:2026-10-13:B:1630')).booked).toBe(3);
  });
});
