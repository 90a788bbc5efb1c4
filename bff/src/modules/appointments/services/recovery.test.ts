import { Types } from 'mongoose';
import { bookingModel } from '../models/booking.model';
import { slotModel } from '../models/slot.model';
import type { Booking } from '../repositories/booking.repository';
import {
  bookInput,
  codeOf,
  createAppointmentsFixture,
  DAY,
  key,
  smallHall,
  type AppointmentsFixture,
} from '../testing/appointments-fixture';
import type { PendingFields } from './booking-steps';
import { slotIdOf } from './slot-plan';

/**
 * Crashes simulated by running the protocol's steps one by one and stopping between them; then the
 * recovery job (or a client retry) settles what was left. After every scenario: each slot's `booked`
 * equals its number of seat holders, and every holder is a live booking or a live offer.
 */

let fx: AppointmentsFixture;
const TIMEOUT = 30_000;

beforeAll(async () => {
  fx = await createAppointmentsFixture({ pendingTimeoutMs: TIMEOUT });
  await fx.appt.slots.configureHall(smallHall('JX-ZWFW', 2));
});
afterAll(() => fx.close());
beforeEach(() => fx.clock.set('2026-10-08', '10:00'));

async function pendingAttempt(
  personId: string,
  start: string,
  over: Partial<PendingFields> = {},
): Promise<Booking> {
  const slot = await fx.appt.slots.requireBookableSlot(
    { hallCode: 'JX-ZWFW', windowType: '综合受理', date: DAY, start },
    fx.clock.now(),
  );
  const inserted = await fx.appt.steps.insertPending({
    personId,
    itemCode: 'JX-GA-0001',
    hallCode: slot.hallCode,
    windowType: slot.windowType,
    date: slot.date,
    start: slot.start,
    end: slot.end,
    slotId: slot._id,
    slotStartsAt: slot.startsAt,
    slotEndsAt: slot.endsAt,
    idemKey: `${personId}|${key()}`,
    ...over,
  });
  if (!inserted.ok) throw new Error(inserted.conflict);
  return inserted.booking;
}

async function status(id: Types.ObjectId | string) {
  return (await bookingModel(fx.env.mongo.connection).findById(id).lean().exec())?.status;
}

/** Every slot: booked = holders; every holder is an active booking or an offered entry. */
async function assertLedgersConsistent() {
  const slots = await slotModel(fx.env.mongo.connection).find({}).lean().exec();
  for (const slot of slots) {
    const holders = Object.entries(slot.seats ?? {});
    expect({ id: slot._id, booked: slot.booked }).toEqual({ id: slot._id, booked: holders.length });
    for (const [id, holder] of holders) {
      if (holder.k === 'b') {
        expect(['booked', 'checked_in', 'called', 'served', 'no_show']).toContain(await status(id));
      } else {
        expect((await fx.appt.ctx.repos.waitlist.findById(id))?.status).toBe('offered');
      }
    }
  }
}

const later = () => fx.clock.advance(TIMEOUT + 1000);

describe('crash recovery', () => {
  it('crash after the pending write, before the seat: recovery expires it; no seat, the day is free again', async () => {
    const attempt = await pendingAttempt('p-1', '09:00');
    // Too young: left alone (it may still be in flight).
    expect(await fx.appt.recovery.recover()).toMatchObject({ confirmed: 0, expired: 0 });
    expect(await status(attempt._id)).toBe('pending');
    later();
    expect(await fx.appt.recovery.recover()).toMatchObject({ confirmed: 0, expired: 1 });
    expect(await status(attempt._id)).toBe('expired');
    expect((await fx.appt.ctx.repos.slots.findById(attempt.slotId))?.booked).toBe(0);
    expect(await codeOf(fx.appt.bookings.book(bookInput('p-1', { start: '09:00' })))).toBe('OK');
    await assertLedgersConsistent();
  });

  it('crash after the seat, before confirm: recovery confirms it (seat and holder are one fact)', async () => {
    const attempt = await pendingAttempt('p-2', '09:30');
    expect(await fx.appt.steps.takeSeat(attempt)).toBe('taken');
    later();
    expect(await fx.appt.recovery.recover()).toMatchObject({ confirmed: 1, expired: 0 });
    expect(await status(attempt._id)).toBe('booked');
    expect((await fx.appt.ctx.repos.slots.findById(attempt.slotId))?.seats).toHaveProperty(
      attempt._id.toHexString(),
    );
    await assertLedgersConsistent();
  });

  it('crash after the seat: the client retry with the same key finishes the same booking', async () => {
    const input = bookInput('p-3', { start: '10:00' });
    const slotId = slotIdOf('JX-ZWFW', DAY, '综合受理', '10:00');
    const attempt = await pendingAttempt('p-3', '10:00', { idemKey: `p-3|${input.idempotencyKey}` });
    await fx.appt.steps.takeSeat(attempt);
    const retried = await fx.appt.bookings.book(input);
    expect(retried).toMatchObject({
      outcome: 'booked',
      replayed: true,
      booking: { id: attempt._id.toHexString() },
    });
    expect((await fx.appt.ctx.repos.slots.findById(slotId))?.booked).toBe(1);
    await assertLedgersConsistent();
  });

  it('a slow process that takes its seat after recovery expired it gives the seat back (no orphan seat)', async () => {
    const attempt = await pendingAttempt('p-4', '10:30');
    later();
    await fx.appt.recovery.settleStalePending(); // expired: no seat yet
    expect(await fx.appt.steps.takeSeat(attempt)).toBe('taken'); // the stalled process wakes up
    await expect(fx.appt.steps.confirm(attempt)).rejects.toMatchObject({ code: 'BOOKING_STATE_CONFLICT' });
    expect((await fx.appt.ctx.repos.slots.findById(attempt.slotId))?.booked).toBe(0);
    await assertLedgersConsistent();
  });

  it('…and if it crashes right after taking that seat, the seat audit frees it', async () => {
    const attempt = await pendingAttempt('p-5', '11:00');
    later();
    await fx.appt.recovery.settleStalePending();
    await fx.appt.steps.takeSeat(attempt); // then crash
    expect((await fx.appt.ctx.repos.slots.findById(attempt.slotId))?.booked).toBe(1);
    expect(await fx.appt.recovery.recover()).toMatchObject({ seatsFreed: 1 });
    expect((await fx.appt.ctx.repos.slots.findById(attempt.slotId))?.booked).toBe(0);
    await assertLedgersConsistent();
  });

  it('crash between the cancel and the seat release: the audit releases the seat', async () => {
    const result = await fx.appt.bookings.book(bookInput('p-6', { start: '11:30' }));
    if (result.outcome !== 'booked') throw new Error('expected booked');
    const id = new Types.ObjectId(result.booking.id);
    await fx.appt.ctx.repos.bookings.transition(
      id,
      ['booked'],
      { status: 'cancelled', updatedAt: fx.clock.now() },
      { deactivate: true },
    );
    const slotId = slotIdOf('JX-ZWFW', DAY, '综合受理', '11:30');
    expect((await fx.appt.ctx.repos.slots.findById(slotId))?.booked).toBe(1);
    expect(await fx.appt.recovery.recover()).toMatchObject({ seatsFreed: 1 });
    expect((await fx.appt.ctx.repos.slots.findById(slotId))?.booked).toBe(0);
    // A cancel retried by the person finishes it too (and is harmless now).
    expect((await fx.appt.bookings.cancel({ bookingId: result.booking.id, personId: 'p-6' })).status).toBe(
      'cancelled',
    );
    await assertLedgersConsistent();
  });

  it('reschedule cut short after the new seat: recovery completes it (new booked, old retired, old seat freed)', async () => {
    const old = await fx.appt.bookings.book(bookInput('p-7', { start: '13:30' }));
    if (old.outcome !== 'booked') throw new Error('expected booked');
    const oldId = new Types.ObjectId(old.booking.id);
    // Same day as the old booking: inserted without the day key (see reschedule()).
    const fresh = await pendingAttempt('p-7', '14:00', { rescheduleOf: oldId, active: false });
    await fx.appt.steps.takeSeat(fresh); // then crash
    later();
    expect(await fx.appt.recovery.recover()).toMatchObject({ confirmed: 1 });
    expect(await status(fresh._id)).toBe('booked');
    expect(await status(oldId)).toBe('rescheduled');
    expect(
      (await fx.appt.ctx.repos.slots.findById(slotIdOf('JX-ZWFW', DAY, '综合受理', '13:30')))?.booked,
    ).toBe(0);
    await assertLedgersConsistent();
  });

  it('a waiting-list hand-over cut short (seat moved, entry not yet offered): the audit finishes the offer', async () => {
    const slotId = slotIdOf('JX-ZWFW', DAY, '综合受理', '15:00');
    const a = await fx.appt.bookings.book(bookInput('p-8a', { start: '15:00' }));
    await fx.appt.bookings.book(bookInput('p-8b', { start: '15:00' }));
    const w = await fx.appt.bookings.book(bookInput('p-8w', { start: '15:00', joinWaitlist: true }));
    if (a.outcome !== 'booked' || w.outcome !== 'waitlisted') throw new Error('setup');
    // Crash inside passSeat: the cancel and the seat transfer happened, the offer status did not.
    await fx.appt.ctx.repos.bookings.transition(
      new Types.ObjectId(a.booking.id),
      ['booked'],
      { status: 'cancelled', updatedAt: fx.clock.now() },
      { deactivate: true },
    );
    await fx.appt.ctx.repos.slots.transferSeat(slotId, a.booking.id, w.entry.id, 'w', fx.clock.now());
    expect((await fx.appt.ctx.repos.waitlist.findById(w.entry.id))?.status).toBe('waiting');
    later();
    expect(await fx.appt.recovery.recover()).toMatchObject({ offersCompleted: 1, seatsFreed: 0 });
    expect((await fx.appt.ctx.repos.waitlist.findById(w.entry.id))?.status).toBe('offered');
    expect((await fx.appt.ctx.repos.slots.findById(slotId))?.booked).toBe(2);
    await assertLedgersConsistent();
  });
});
