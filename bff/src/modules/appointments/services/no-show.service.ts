import type { Booking } from '../repositories/booking.repository';
import type { AppointmentsContext } from './context';

/**
 * No-shows (爽约): a booking not checked in by its slot's end + grace becomes `no_show`; `noShowLimit`
 * of them within `noShowWindowDays` restrict booking for `restrictionDays`. Two steps per booking,
 * each safe to repeat: the status (with `noShowCounted: false`), then the rule — a sweep cut short
 * resumes from the bookings still marked uncounted.
 */
export function createNoShowService(ctx: AppointmentsContext) {
  const { bookings, restrictions } = ctx.repos;
  const DAY = 24 * 3600_000;

  async function applyRule(booking: Booking): Promise<boolean> {
    const { noShowLimit, noShowWindowDays, restrictionDays } = ctx.options;
    const now = ctx.now();
    let restricted = false;
    const recent = await bookings.noShowsSince(
      booking.personId,
      new Date(now.getTime() - noShowWindowDays * DAY),
    );
    if (recent.length >= noShowLimit && !(await restrictions.findActive(booking.personId, now))) {
      const reason = `${noShowWindowDays} 天内爽约 ${recent.length} 次`;
      await restrictions.create({
        _id: `${booking.personId}|${booking._id.toHexString()}`,
        personId: booking.personId,
        reason,
        from: now,
        until: new Date(now.getTime() + restrictionDays * DAY),
        bookingIds: recent.map((b) => b._id.toHexString()),
      });
      await bookings.addNoticeTo(booking._id, {
        kind: 'restricted',
        message: `您${reason}，${restrictionDays} 天内暂停预约`,
        at: now,
      });
      restricted = true;
    }
    await bookings.markNoShowCounted(booking._id);
    return restricted;
  }

  return {
    async sweepNoShows(): Promise<{ noShows: number; restricted: number }> {
      const now = ctx.now();
      const cutoff = new Date(now.getTime() - ctx.options.noShowGraceMinutes * 60_000);
      let noShows = 0;
      for (const booking of await bookings.bookedEndedBefore(cutoff)) {
        const marked = await bookings.transition(
          booking._id,
          ['booked'],
          { status: 'no_show', noShowAt: now, noShowCounted: false, updatedAt: now },
          { deactivate: true },
        );
        if (marked) noShows++;
      }
      let restricted = 0;
      for (const booking of await bookings.uncountedNoShows()) {
        if (await applyRule(booking)) restricted++;
      }
      return { noShows, restricted };
    },
  };
}
export type NoShowService = ReturnType<typeof createNoShowService>;
