import { addCalendarDays, toChinaDate } from '../../calendar';
import type { Booking } from '../repositories/booking.repository';
import type { WaitlistEntry } from '../repositories/waitlist.repository';
import { settlePending } from './booking-steps';
import type { AppointmentsContext } from './context';
import { offerEntry, passSeat } from './seat-handover';

export interface RecoveryReport {
  confirmed: number;
  expired: number;
  /** Seats whose holder was no longer entitled (cancelled, expired, missing …), passed on or released. */
  seatsFreed: number;
  /** Waiting-list offers interrupted between the seat hand-over and the status: finished. */
  offersCompleted: number;
}

const SEATLESS_BOOKING = new Set(['cancelled', 'rescheduled', 'rejected', 'expired']);
const SEATLESS_ENTRY = new Set(['expired', 'cancelled', 'claimed']);

/**
 * Settles what a crash (or a lost connection) left half done. Safe to run at any time, from any
 * number of processes at once: every action is a conditional single-document update.
 */
export function createRecoveryService(ctx: AppointmentsContext) {
  const { bookings, slots, waitlist } = ctx.repos;

  const service = {
    /** Pending bookings older than the timeout: seat in the ledger → confirmed; no seat → expired. */
    async settleStalePending(): Promise<{ confirmed: number; expired: number }> {
      const cutoff = new Date(ctx.now().getTime() - ctx.options.pendingTimeoutMs);
      let confirmed = 0;
      let expired = 0;
      for (const booking of await bookings.pendingCreatedBefore(cutoff)) {
        const outcome = await settlePending(ctx, booking);
        if (outcome === 'confirmed') confirmed++;
        if (outcome === 'expired') expired++;
      }
      return { confirmed, expired };
    },

    /**
     * Reads the seat ledgers of slots from yesterday on and checks every holder against its booking
     * or waiting-list entry: a seat held by a cancelled / rescheduled / rejected / expired / missing
     * booking, or by an entry no longer offered, is passed on; an offer interrupted halfway is finished.
     */
    async auditSeats(): Promise<{ seatsFreed: number; offersCompleted: number; confirmed: number }> {
      const now = ctx.now();
      const staleBefore = now.getTime() - ctx.options.pendingTimeoutMs;
      const held = await slots.listHeldFrom(addCalendarDays(toChinaDate(now), -1));
      let seatsFreed = 0;
      let offersCompleted = 0;
      let confirmed = 0;
      for (const slot of held) {
        const holders = Object.entries(slot.seats);
        const bookingIds = holders.filter(([, h]) => h.k === 'b').map(([id]) => id);
        const entryIds = holders.filter(([, h]) => h.k === 'w').map(([id]) => id);
        const bookingById = new Map<string, Booking>(
          (await bookings.findByIds(bookingIds)).map((b) => [b._id.toHexString(), b]),
        );
        const entryById = new Map<string, WaitlistEntry>(
          (await waitlist.findByIds(entryIds)).map((e) => [e._id.toHexString(), e]),
        );
        for (const [holderId, holder] of holders) {
          if (holder.k === 'b') {
            const booking = bookingById.get(holderId);
            if (!booking || SEATLESS_BOOKING.has(booking.status)) {
              await passSeat(ctx, slot._id, holderId);
              seatsFreed++;
            } else if (booking.status === 'pending' && booking.createdAt.getTime() < staleBefore) {
              if ((await settlePending(ctx, booking)) === 'confirmed') confirmed++;
            }
          } else {
            const entry = entryById.get(holderId);
            if (!entry || SEATLESS_ENTRY.has(entry.status)) {
              await passSeat(ctx, slot._id, holderId);
              seatsFreed++;
            } else if (entry.status === 'waiting' && new Date(holder.at).getTime() < staleBefore) {
              if (await offerEntry(ctx, entry, slot)) offersCompleted++;
            }
          }
        }
      }
      return { seatsFreed, offersCompleted, confirmed };
    },

    /** Both, in order. */
    async recover(): Promise<RecoveryReport> {
      const pending = await service.settleStalePending();
      const audit = await service.auditSeats();
      return {
        confirmed: pending.confirmed + audit.confirmed,
        expired: pending.expired,
        seatsFreed: audit.seatsFreed,
        offersCompleted: audit.offersCompleted,
      };
    },
  };
  return service;
}
export type RecoveryService = ReturnType<typeof createRecoveryService>;
