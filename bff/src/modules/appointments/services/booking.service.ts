import {
  BOOKING_STATUS_LABELS,
  bookRequestSchema,
  cancelRequestSchema,
  rescheduleRequestSchema,
  type BookingView,
  type WaitlistEntryView,
} from '@app/shared';
import { AppError, validationError } from '../../../http/app-error';
import type { Booking } from '../repositories/booking.repository';
import type { Slot } from '../repositories/slot.repository';
import {
  confirm,
  insertPending,
  reject,
  takeSeat,
  type PendingFields,
  type SeatOutcome,
} from './booking-steps';
import type { AppointmentsContext } from './context';
import { assertNotRestricted } from './restrictions';
import type { SeatPass } from './seat-gate';
import { passSeat } from './seat-handover';
import type { SlotService } from './slot.service';
import type { WaitlistService } from './waitlist.service';
import { slotIdOf } from './slot-plan';
import { toBookingView } from './views';
import { withdrawReminders } from './notice-entries';

export type BookResult =
  | { outcome: 'booked'; booking: BookingView; replayed: boolean }
  | { outcome: 'waitlisted'; entry: WaitlistEntryView };

export interface BookInput {
  personId: string;
  itemCode: string;
  hallCode: string;
  windowType: string;
  date: string;
  start: string;
  idempotencyKey: string;
  joinWaitlist?: boolean;
  /** Booked on behalf of this enterprise (membership checked by the caller). */
  enterprise?: { id: string; name: string };
}

export interface RescheduleInput {
  bookingId: string;
  personId: string;
  date: string;
  start: string;
  hallCode?: string;
  windowType?: string;
  idempotencyKey: string;
}

function parse<T>(
  schema: {
    safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError };
  },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/** Booking, cancellation and rescheduling (预约、取消、改约). Never overbooks: see ../README.md. */
export function createBookingService(
  ctx: AppointmentsContext,
  slotService: SlotService,
  waitlistService: WaitlistService,
) {
  const { bookings } = ctx.repos;

  /**
   * Steps 2–3 for a pending attempt, or its rejection (and the waiting list when asked). `pass` (the
   * attempt's turn at the slot, see seat-gate.ts) is left as soon as the take has answered — after
   * the full flag is set, so whoever waits behind it sees that.
   */
  async function settle(
    booking: Booking,
    joinWaitlist: boolean,
    replayed: boolean,
    pass?: SeatPass,
  ): Promise<BookResult> {
    let seat: SeatOutcome | undefined;
    try {
      seat = await takeSeat(ctx, booking);
      if (seat === 'full') await ctx.repos.fullFlags.markFull(booking.slotId);
    } finally {
      pass?.leave(seat);
    }
    if (seat === 'taken' || seat === 'held') {
      return { outcome: 'booked', booking: toBookingView(await confirm(ctx, booking)), replayed };
    }
    const code = seat === 'full' ? 'SLOT_FULL' : 'SLOT_CLOSED';
    const after = await reject(ctx, booking, code);
    if (after.status !== 'rejected') return resume(after, joinWaitlist);
    if (joinWaitlist && after.rejectCode === 'SLOT_FULL') {
      return { outcome: 'waitlisted', entry: await waitlistService.join(after) };
    }
    throw new AppError(after.rejectCode ?? code);
  }

  /** A retry (same idempotency key): answer what the first attempt got, finishing it if it was cut short. */
  async function resume(existing: Booking, joinWaitlist: boolean): Promise<BookResult> {
    switch (existing.status) {
      case 'pending':
        return settle(existing, joinWaitlist, true);
      case 'rejected':
        if (joinWaitlist && existing.rejectCode === 'SLOT_FULL') {
          return { outcome: 'waitlisted', entry: await waitlistService.join(existing) };
        }
        throw new AppError(existing.rejectCode ?? 'SLOT_FULL');
      case 'expired':
        throw new AppError('BOOKING_STATE_CONFLICT', '本次预约未能完成，请重新提交');
      default:
        return { outcome: 'booked', booking: toBookingView(existing), replayed: true };
    }
  }

  async function requireOwn(bookingId: string, personId: string): Promise<Booking> {
    const booking = await bookings.findById(bookingId);
    if (!booking || booking.personId !== personId) throw new AppError('BOOKING_NOT_FOUND');
    return booking;
  }

  async function assertBeforeCutoff(booking: Booking): Promise<void> {
    const config = await slotService.getHallConfig(booking.hallCode);
    const cutoff = booking.slotStartsAt.getTime() - config.cancelCutoffMinutes * 60_000;
    if (ctx.now().getTime() > cutoff) {
      throw new AppError('CANCEL_TOO_LATE', `预约开始前 ${config.cancelCutoffMinutes} 分钟内不能取消或改约`);
    }
  }

  function stateConflict(booking: Booking): AppError {
    return new AppError(
      'BOOKING_STATE_CONFLICT',
      `预约${BOOKING_STATUS_LABELS[booking.status]}，不能进行此操作`,
    );
  }

  return {
    /**
     * Books a seat. A retry with the same `idempotencyKey` (from the same person) answers the same
     * booking — or the same refusal — and never takes a second seat, also when both run at once.
     */
    async book(input: BookInput): Promise<BookResult> {
      const { personId, enterprise, ...body } = input;
      if (typeof personId !== 'string' || personId.length === 0) throw new AppError('UNAUTHENTICATED');
      const req = parse(bookRequestSchema, body);
      const idemKey = `${personId}|${req.idempotencyKey}`;
      const joinWaitlist = req.joinWaitlist ?? false;
      const same = (b: Booking) =>
        b.itemCode === req.itemCode &&
        b.hallCode === req.hallCode &&
        b.windowType === req.windowType &&
        b.date === req.date &&
        b.start === req.start;

      const replay = async (): Promise<BookResult | undefined> => {
        const existing = await bookings.findByIdemKey(idemKey);
        if (!existing) return undefined;
        if (!same(existing)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        return resume(existing, joinWaitlist);
      };

      // The usual path has no extra read for idempotency: the unique key on insert detects a retry.
      // A check that refuses (restricted, window closed …) first looks whether this is a retry of an
      // attempt that got through, which answers as before.
      // Fast path for the 8:00 burst: the slot was full a moment ago (Redis hint, see
      // full-flag.repository): only the idempotency look-up touches MongoDB.
      if (!joinWaitlist) {
        const slotId = slotIdOf(req.hallCode, req.date, req.windowType, req.start);
        if (await ctx.repos.fullFlags.isFull(slotId)) {
          const replayed = await replay();
          if (replayed) return replayed;
          throw new AppError('SLOT_FULL');
        }
      }
      let slot: Slot;
      try {
        await assertNotRestricted(ctx, personId);
        slot = await slotService.requireBookableSlot(req, ctx.now());
      } catch (err) {
        const replayed = err instanceof AppError ? await replay() : undefined;
        if (replayed) return replayed;
        throw err;
      }
      // Optimistic pre-check: the ledger already says full. Nothing is written, so a retry may find a
      // seat later. (The conditional update below stays the only authority on seats.)
      if (!joinWaitlist && !slot.closed && slot.booked >= slot.capacity) {
        await ctx.repos.fullFlags.markFull(slot._id);
        const replayed = await replay();
        if (replayed) return replayed;
        throw new AppError('SLOT_FULL');
      }
      const fields: PendingFields = {
        personId,
        itemCode: req.itemCode,
        hallCode: slot.hallCode,
        windowType: slot.windowType,
        date: slot.date,
        start: slot.start,
        end: slot.end,
        slotId: slot._id,
        slotStartsAt: slot.startsAt,
        slotEndsAt: slot.endsAt,
        idemKey,
        ...(enterprise ? { enterpriseId: enterprise.id, enterpriseName: enterprise.name } : {}),
      };
      // A turn at the seats (see seat-gate.ts): in a burst, most attempts wait here for the ones
      // ahead and, once one of those found the slot full, are refused without writing anything.
      // An attempt that would join the waiting list needs its rejected document: it never waits.
      let pass: SeatPass | undefined;
      if (!joinWaitlist) {
        pass = await ctx.seatGate.enter(slot._id, slot.capacity - slot.booked);
        if (!pass) {
          const replayed = await replay();
          if (replayed) return replayed;
          throw new AppError('SLOT_FULL');
        }
      }
      try {
        const inserted = await insertPending(ctx, fields);
        if (inserted.ok) return await settle(inserted.booking, joinWaitlist, false, pass);
        pass?.leave();
        // Same key inserted concurrently (it may also collide on the per-day index): the first one wins.
        const concurrent = await replay();
        if (concurrent) return concurrent;
        if (inserted.conflict === 'active_day') throw new AppError('BOOKING_DUPLICATE');
        throw new AppError('CONFLICT');
      } finally {
        pass?.leave();
      }
    },

    /** Cancels until the hall's cut-off; the seat goes to the first person waiting, else back to the pool. */
    async cancel(input: { bookingId: string; personId: string; reason?: string }): Promise<BookingView> {
      const { reason } = parse(cancelRequestSchema, { reason: input.reason });
      const booking = await requireOwn(input.bookingId, input.personId);
      if (booking.status === 'cancelled') {
        await passSeat(ctx, booking.slotId, booking._id.toHexString()); // finishes a cancel cut short
        return toBookingView(booking);
      }
      if (booking.status !== 'booked') throw stateConflict(booking);
      await assertBeforeCutoff(booking);
      const now = ctx.now();
      const cancelled = await bookings.transition(
        booking._id,
        ['booked'],
        {
          status: 'cancelled',
          cancelledAt: now,
          updatedAt: now,
          ...(reason ? { cancelReason: reason } : {}),
        },
        // Its reminders are withdrawn by the same update (outbox), relayed below.
        { deactivate: true, outbox: withdrawReminders(booking._id.toHexString()) },
      );
      if (cancelled) await ctx.relay.booking(booking._id);
      if (!cancelled) {
        const current = (await bookings.findById(booking._id)) ?? booking;
        if (current.status !== 'cancelled') throw stateConflict(current);
      }
      await passSeat(ctx, booking.slotId, booking._id.toHexString());
      return toBookingView((await bookings.findById(booking._id)) ?? booking);
    },

    /**
     * Moves a booking to another slot in one step: the new seat is taken first; only then is the old
     * booking retired and its seat passed on. If the new slot is full the old booking stays as it was.
     */
    async reschedule(input: RescheduleInput): Promise<BookingView> {
      const { bookingId, personId, ...body } = input;
      const req = parse(rescheduleRequestSchema, body);
      const old = await requireOwn(bookingId, personId);
      const idemKey = `${personId}|${req.idempotencyKey}`;
      const existing = await bookings.findByIdemKey(idemKey);
      if (existing) {
        if (!existing.rescheduleOf?.equals(old._id)) throw new AppError('IDEMPOTENCY_KEY_REUSED');
        if (existing.status === 'pending') return finishReschedule(existing);
        if (existing.status === 'rejected') throw new AppError(existing.rejectCode ?? 'SLOT_FULL');
        if (existing.status === 'expired')
          throw new AppError('BOOKING_STATE_CONFLICT', '本次改约未能完成，请重新提交');
        return toBookingView(existing);
      }
      if (old.status !== 'booked') throw stateConflict(old);
      await assertBeforeCutoff(old);
      await assertNotRestricted(ctx, personId);
      const hallCode = req.hallCode ?? old.hallCode;
      const windowType = req.windowType ?? old.windowType;
      const slot = await slotService.requireBookableSlot(
        { hallCode, windowType, date: req.date, start: req.start },
        ctx.now(),
      );
      if (slot._id === old.slotId) throw new AppError('BOOKING_STATE_CONFLICT', '新时段与原预约相同');
      const inserted = await insertPending(ctx, {
        personId,
        itemCode: old.itemCode,
        hallCode: slot.hallCode,
        windowType: slot.windowType,
        date: slot.date,
        start: slot.start,
        end: slot.end,
        slotId: slot._id,
        slotStartsAt: slot.startsAt,
        slotEndsAt: slot.endsAt,
        idemKey,
        rescheduleOf: old._id,
        ...(old.enterpriseId ? { enterpriseId: old.enterpriseId, enterpriseName: old.enterpriseName } : {}),
        // Another day: claim that day now. The same day: the old booking holds it until confirm.
        active: slot.date !== old.date,
      });
      if (!inserted.ok) {
        const concurrent = await bookings.findByIdemKey(idemKey);
        if (concurrent?.rescheduleOf?.equals(old._id)) return finishReschedule(concurrent);
        if (inserted.conflict === 'active_day') throw new AppError('BOOKING_DUPLICATE');
        throw new AppError('CONFLICT');
      }
      return finishReschedule(inserted.booking);

      async function finishReschedule(pending: Booking): Promise<BookingView> {
        const seat = await takeSeat(ctx, pending);
        if (seat === 'full' || seat === 'closed') {
          const after = await reject(ctx, pending, seat === 'full' ? 'SLOT_FULL' : 'SLOT_CLOSED');
          if (after.status === 'rejected') throw new AppError(after.rejectCode ?? 'SLOT_FULL');
          return toBookingView(after);
        }
        return toBookingView(await confirm(ctx, pending));
      }
    },

    async get(bookingId: string, personId: string): Promise<BookingView> {
      return toBookingView(await requireOwn(bookingId, personId));
    },

    async listMine(personId: string): Promise<BookingView[]> {
      return (await bookings.listByPerson(personId)).map(toBookingView);
    },
  };
}
export type BookingService = ReturnType<typeof createBookingService>;
