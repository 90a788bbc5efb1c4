// The appointments module's public surface: other modules import from here, not from its files.
export { createAppointments, type Appointments } from './appointments.module';
export { registerAppointmentModels, ensureAppointmentIndexes } from './models';
export type { AppointmentsDeps, AppointmentsOptions } from './services/context';
export type { BookInput, BookResult, RescheduleInput } from './services/booking.service';
export type { StaffActor, QueueTicket } from './services/check-in.service';
export type { RecoveryReport } from './services/recovery.service';
export { defaultHallBookingConfig, planDay, slotIdOf, bookingWindowOf } from './services/slot-plan';
export { qrPayloadOf, codeFromInput } from './services/booking-code';
