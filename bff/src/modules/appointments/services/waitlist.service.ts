import type { WaitlistEntryView } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Booking } from '../repositories/booking.repository';
import { toObjectId } from '../repositories/booking.repository';
import { confirm, insertPending, reject, takeOfferedSeat } from './booking-steps';
import type { AppointmentsContext } from './context';
import { assertNotRestricted } from './restrictions';
import { offerFreeSeats, passSeat } from './seat-handover';
import { toBookingView, toWaitlistView } from './views';

/**
 * Waiting lists (候补) of full slots. A seat that frees up goes to the first person waiting and is
 * held for them (it stays in the slot's seat ledger under the entry's id, so it counts against
 * capacity); they claim it within the hold time, or the expiry sweep passes it to the next.
 */
export function createWaitlistService(ctx: AppointmentsContext) {
  const { waitlist, bookings } = ctx.repos;

  async function view(entryId: string): Promise<WaitlistEntryView> {
    const entry = await waitlist.findById(entryId);
    if (!entry) throw new AppError('NOT_FOUND', '未找到该候补记录');
    const position = entry.status === 'waiting' ? (await waitlist.countAhead(entry)) + 1 : undefined;
    return toWaitlistView(entry, position);
  }

  return {
    /** Joins the list of a rejected attempt's slot; the entry's id is the attempt's id (retry → same entry). */
    async join(attempt: Booking): Promise<WaitlistEntryView> {
      const result = await waitlist.insert({
        _id: attempt._id,
        slotId: attempt.slotId,
        personId: attempt.personId,
        itemCode: attempt.itemCode,
        hallCode: attempt.hallCode,
        windowType: attempt.windowType,
        date: attempt.date,
        start: attempt.start,
        status: 'waiting',
        active: true,
        joinedAt: ctx.now(),
      });
      if (!result.ok && result.conflict === 'person') throw new AppError('WAITLIST_DUPLICATE');
      // A seat freed between the rejection and the join would otherwise wait for the next cancellation.
      await offerFreeSeats(ctx, attempt.slotId);
      return view(attempt._id.toHexString());
    },

    view,

    /** The person takes the seat offered to them: a booking, in the same three steps as book(). */
    async claimOffer(input: { entryId: string; personId: string }) {
      const entry = await waitlist.findById(input.entryId);
      if (!entry || entry.personId !== input.personId) throw new AppError('NOT_FOUND', '未找到该候补记录');
      const entryId = entry._id.toHexString();
      const idemKey = `${input.personId}|claim-${entryId}`;
      let booking = await bookings.findByIdemKey(idemKey);
      if (booking && booking.status !== 'pending') {
        if (booking.status === 'rejected') throw new AppError(booking.rejectCode ?? 'WAITLIST_OFFER_EXPIRED');
        return toBookingView(booking);
      }
      if (!booking) {
        if (entry.status !== 'offered' || !entry.offerExpiresAt || entry.offerExpiresAt <= ctx.now()) {
          throw new AppError('WAITLIST_OFFER_EXPIRED');
        }
        await assertNotRestricted(ctx, input.personId);
        const slot = await ctx.repos.slots.findById(entry.slotId);
        if (!slot) throw new AppError('SLOT_NOT_FOUND');
        // The entry's id is its attempt's: a booking made for an enterprise stays the enterprise's.
        const attempt = await bookings.findById(entryId);
        const inserted = await insertPending(ctx, {
          personId: entry.personId,
          itemCode: entry.itemCode,
          hallCode: slot.hallCode,
          windowType: slot.windowType,
          date: slot.date,
          start: slot.start,
          end: slot.end,
          slotId: slot._id,
          slotStartsAt: slot.startsAt,
          slotEndsAt: slot.endsAt,
          idemKey,
          fromWaitlist: entry._id,
          ...(attempt?.enterpriseId
            ? { enterpriseId: attempt.enterpriseId, enterpriseName: attempt.enterpriseName }
            : {}),
        });
        if (!inserted.ok) {
          if (inserted.conflict === 'active_day') throw new AppError('BOOKING_DUPLICATE');
          booking = await bookings.findByIdemKey(idemKey);
          if (!booking) throw new AppError('CONFLICT');
          if (booking.status !== 'pending') return toBookingView(booking);
        } else {
          booking = inserted.booking;
        }
      }
      if (!(await takeOfferedSeat(ctx, booking, entryId))) {
        await reject(ctx, booking, 'WAITLIST_OFFER_EXPIRED');
        throw new AppError('WAITLIST_OFFER_EXPIRED');
      }
      return toBookingView(await confirm(ctx, booking));
    },

    /** The person leaves the list (or turns an offer down): an offered seat goes to the next. */
    async leave(input: { entryId: string; personId: string }): Promise<WaitlistEntryView> {
      const id = toObjectId(input.entryId);
      const entry = id ? await waitlist.findById(id) : null;
      if (!entry || entry.personId !== input.personId) throw new AppError('NOT_FOUND', '未找到该候补记录');
      const left = await waitlist.transition(
        entry._id,
        ['waiting', 'offered'],
        { status: 'cancelled', endedAt: ctx.now() },
        { deactivate: true },
      );
      if (left) await passSeat(ctx, entry.slotId, entry._id.toHexString());
      return view(input.entryId);
    },

    /** Sweep: offers not claimed in time expire and their seat goes to the next person waiting. */
    async expireOffers(): Promise<{ expired: number; passedOn: number }> {
      const now = ctx.now();
      let expired = 0;
      let passedOn = 0;
      for (const entry of await waitlist.offersExpiredAt(now)) {
        const done = await waitlist.transition(
          entry._id,
          ['offered'],
          { status: 'expired', endedAt: now },
          { deactivate: true },
        );
        if (!done) continue;
        expired++;
        const result = await passSeat(ctx, entry.slotId, entry._id.toHexString());
        if (result.offeredTo) passedOn++;
      }
      return { expired, passedOn };
    },
  };
}
export type WaitlistService = ReturnType<typeof createWaitlistService>;
