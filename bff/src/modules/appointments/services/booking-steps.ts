import { Types } from 'mongoose';
import { AppError } from '../../../http/app-error';
import type { RejectCode } from '../models/booking.model';
import type { Booking, InsertResult, NewBooking } from '../repositories/booking.repository';
import { newBookingCode } from './booking-code';
import type { AppointmentsContext } from './context';
import { passSeat } from './seat-handover';
import { confirmedEntry, dueReminders, reminderEntries, withdrawReminders } from './notice-entries';
import type { BookingReminderRecord } from '../models/booking.model';

/**
 * The booking protocol, one step per function, each a single-document write that is safe to repeat.
 * book(), reschedule(), claimOffer() and recovery are compositions of these; tests call them one by
 * one and stop in between to simulate a crash. See ../README.md.
 *
 *   1. insertPending  — the booking document, status `pending`, unique idempotency key and (usually)
 *                       the one-per-person-item-day key: the person's claim exists before any seat.
 *   2. takeSeat       — conditional `$inc` on the slot that also records the holder (seat ledger).
 *   3. confirm        — pending → booked. Whoever cannot confirm gives the seat back.
 */

export type SeatOutcome = 'taken' | 'held' | 'full' | 'closed';

export type PendingFields = Omit<NewBooking, 'code' | 'status' | 'createdAt' | 'active'> & {
  /** false for a same-day reschedule: the replaced booking holds the day until confirm. */
  active?: boolean;
};

/** Step 1. Retries a colliding booking code (1 in ~10^12 per pair) with a fresh one. */
export async function insertPending(ctx: AppointmentsContext, fields: PendingFields): Promise<InsertResult> {
  const { active = true, ...rest } = fields;
  for (let i = 0; i < 5; i++) {
    const result = await ctx.repos.bookings.insert({
      ...rest,
      _id: rest._id ?? new Types.ObjectId(),
      code: newBookingCode(),
      status: 'pending',
      ...(active ? { active: true as const } : {}),
      createdAt: ctx.now(),
    });
    if (result.ok || result.conflict !== 'code') return result;
  }
  throw new Error('could not find a free booking code');
}

/** Step 2. Takes a seat in the booking's slot for the booking (idempotent: 'held' if it has one). */
export async function takeSeat(ctx: AppointmentsContext, booking: Booking): Promise<SeatOutcome> {
  const id = booking._id.toHexString();
  if (await ctx.repos.slots.takeSeat(booking.slotId, id, 'b', ctx.now())) return 'taken';
  const slot = await ctx.repos.slots.findById(booking.slotId);
  if (!slot) return 'closed';
  if (slot.seats[id]) return 'held';
  return slot.closed ? 'closed' : 'full';
}

/** Step 2 of a waiting-list claim: the seat held for the entry moves to the booking in one update. */
export async function takeOfferedSeat(
  ctx: AppointmentsContext,
  booking: Booking,
  entryId: string,
): Promise<boolean> {
  const id = booking._id.toHexString();
  if (await ctx.repos.slots.transferSeat(booking.slotId, entryId, id, 'b', ctx.now())) return true;
  const slot = await ctx.repos.slots.findById(booking.slotId);
  return Boolean(slot?.seats[id]);
}

/** Whether the booking's id is in its slot's seat ledger. */
export async function holdsSeat(ctx: AppointmentsContext, booking: Booking): Promise<boolean> {
  const slot = await ctx.repos.slots.findById(booking.slotId);
  return Boolean(slot?.seats[booking._id.toHexString()]);
}

/**
 * Step 3, once the seat is held: pending → booked. The same update schedules the booking's reminders
 * (outbox entries, relayed right after; `reminders.<kind>` recorded as scheduled) and, when crash
 * recovery confirms it (`recovered`), the message telling its owner the booking went through.
 * For a reschedule the replaced booking is retired first (its seat passed on), for a waiting-list claim the entry becomes `claimed`. When the booking
 * was settled meanwhile by someone else (recovery expired it), the seat is given back and the caller
 * gets BOOKING_STATE_CONFLICT: never a seat without a booking.
 */
export async function confirm(
  ctx: AppointmentsContext,
  booking: Booking,
  options: { recovered?: boolean } = {},
): Promise<Booking> {
  const { bookings, waitlist } = ctx.repos;
  const now = ctx.now();
  if (booking.rescheduleOf) await retireReplaced(ctx, booking);

  const id = booking._id.toHexString();
  const due = dueReminders(booking, now);
  const outbox = [...reminderEntries(id, due, now), ...(options.recovered ? [confirmedEntry(id)] : [])];
  const set: Partial<Booking> & { status: 'booked'; updatedAt: Date } = {
    status: 'booked',
    updatedAt: now,
  };
  for (const { kind, dueAt } of due) {
    (set as Record<string, unknown>)[`reminders.${kind}`] = {
      status: 'scheduled',
      dueAt,
      at: now,
    } satisfies BookingReminderRecord;
  }
  let result: Booking | null;
  if (booking.active) {
    result = await bookings.transition(booking._id, ['pending'], set, { outbox });
  } else {
    const activated = await bookings.activate(booking._id, ['pending'], set, outbox);
    if (activated === 'active_day') {
      await reject(ctx, booking, 'BOOKING_DUPLICATE');
      await passSeat(ctx, booking.slotId, booking._id.toHexString());
      throw new AppError('BOOKING_DUPLICATE');
    }
    result = activated;
  }

  if (!result) {
    const current = await bookings.findById(booking._id);
    if (current && !['pending', 'rejected', 'expired'].includes(current.status)) return current;
    await passSeat(ctx, booking.slotId, booking._id.toHexString());
    throw new AppError('BOOKING_STATE_CONFLICT', '本次预约未能完成，请重新提交');
  }
  await ctx.relay.booking(result._id);
  if (booking.fromWaitlist) {
    await waitlist.transition(
      booking.fromWaitlist,
      ['waiting', 'offered', 'expired'],
      { status: 'claimed', bookingId: booking._id, endedAt: now },
      { deactivate: true },
    );
  }
  return result;
}

/** The replaced booking of a reschedule: booked → rescheduled, and its seat goes on (waiting list first). */
async function retireReplaced(ctx: AppointmentsContext, booking: Booking): Promise<void> {
  const oldId = booking.rescheduleOf!;
  const old =
    (await ctx.repos.bookings.transition(
      oldId,
      ['booked'],
      { status: 'rescheduled', rescheduledTo: booking._id, updatedAt: ctx.now() },
      { deactivate: true, outbox: withdrawReminders(oldId.toHexString()) },
    )) ?? (await ctx.repos.bookings.findById(oldId));
  await ctx.relay.booking(oldId);
  if (old && old.status === 'rescheduled' && old.rescheduledTo?.equals(booking._id)) {
    await passSeat(ctx, old.slotId, oldId.toHexString());
  }
}

/** The attempt found no seat: pending → rejected (remembered for retries). Returns the document after. */
export async function reject(ctx: AppointmentsContext, booking: Booking, code: RejectCode): Promise<Booking> {
  const rejected = await ctx.repos.bookings.transition(
    booking._id,
    ['pending'],
    { status: 'rejected', rejectCode: code, updatedAt: ctx.now() },
    { deactivate: true },
  );
  return rejected ?? (await ctx.repos.bookings.findById(booking._id)) ?? booking;
}

/**
 * Recovery of one pending booking older than the timeout: it holds a seat → confirm; it does not →
 * expire it, then look again (a slow process may have taken the seat in between) and give back
 * whatever it holds.
 */
export async function settlePending(
  ctx: AppointmentsContext,
  booking: Booking,
): Promise<'confirmed' | 'expired' | 'skipped'> {
  if (await holdsSeat(ctx, booking)) {
    try {
      await confirm(ctx, booking, { recovered: true });
      return 'confirmed';
    } catch (err) {
      if (err instanceof AppError) return 'expired';
      throw err;
    }
  }
  const expired = await ctx.repos.bookings.transition(
    booking._id,
    ['pending'],
    { status: 'expired', updatedAt: ctx.now() },
    { deactivate: true },
  );
  if (!expired) return 'skipped';
  await passSeat(ctx, booking.slotId, booking._id.toHexString());
  return 'expired';
}
