import type { Connection } from 'mongoose';
import { bookingModel } from './booking.model';
import { hallBookingConfigModel } from './hall-booking-config.model';
import { restrictionModel } from './restriction.model';
import { slotModel } from './slot.model';
import { waitlistEntryModel } from './waitlist-entry.model';

/** Registers the appointment models on a connection (idempotent). */
export function registerAppointmentModels(connection: Connection) {
  return {
    HallBookingConfig: hallBookingConfigModel(connection),
    Slot: slotModel(connection),
    Booking: bookingModel(connection),
    WaitlistEntry: waitlistEntryModel(connection),
    Restriction: restrictionModel(connection),
  };
}

/** Creates the appointment indexes. The unique ones carry correctness: run before taking traffic. */
export async function ensureAppointmentIndexes(connection: Connection): Promise<void> {
  const models = registerAppointmentModels(connection);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
}
