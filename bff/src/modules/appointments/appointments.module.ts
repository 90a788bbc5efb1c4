import { ensureAppointmentIndexes } from './models';
import {
  confirm,
  insertPending,
  reject,
  settlePending,
  takeOfferedSeat,
  takeSeat,
} from './services/booking-steps';
import { createBookingService } from './services/booking.service';
import { createCheckInService } from './services/check-in.service';
import { createContext, type AppointmentsDeps, type AppointmentsOptions } from './services/context';
import { createNoShowService } from './services/no-show.service';
import { createRecoveryService } from './services/recovery.service';
import { offerFreeSeats, passSeat } from './services/seat-handover';
import { createSlotService } from './services/slot.service';
import { createWaitlistService } from './services/waitlist.service';

/**
 * The appointments capability (预约办理), wired: one object per concern over one context (repositories,
 * options, clock). Routes come later; the jobs (recovery, offer expiry, no-show sweep) are plain
 * functions a scheduler calls.
 */
export function createAppointments(deps: AppointmentsDeps, options: AppointmentsOptions = {}) {
  const ctx = createContext(deps, options);
  const slots = createSlotService(ctx);
  const waitlist = createWaitlistService(ctx);
  const bookings = createBookingService(ctx, slots, waitlist);
  const checkIn = createCheckInService(ctx);
  const noShows = createNoShowService(ctx);
  const recovery = createRecoveryService(ctx);
  return {
    ctx,
    slots,
    bookings,
    waitlist,
    checkIn,
    noShows,
    recovery,
    /** The protocol's single steps, for recovery tooling and crash tests. */
    steps: {
      insertPending: insertPending.bind(null, ctx),
      takeSeat: takeSeat.bind(null, ctx),
      takeOfferedSeat: takeOfferedSeat.bind(null, ctx),
      confirm: confirm.bind(null, ctx),
      reject: reject.bind(null, ctx),
      settlePending: settlePending.bind(null, ctx),
      passSeat: passSeat.bind(null, ctx),
      offerFreeSeats: offerFreeSeats.bind(null, ctx),
    },
    /** Creates the indexes; the unique ones are part of the correctness, so call it before traffic. */
    ensureIndexes: () => ensureAppointmentIndexes(deps.mongo.connection),
    /** One round of the periodic jobs. */
    async runMaintenance() {
      const recovered = await recovery.recover();
      const offers = await waitlist.expireOffers();
      const noShow = await noShows.sweepNoShows();
      return { recovered, offers, noShow };
    },
  };
}
export type Appointments = ReturnType<typeof createAppointments>;
