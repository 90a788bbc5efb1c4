import { cancel, schedule, sendNow, type OutboxEntryRecord } from '../../notifications';
import type { BookingNoticeRecord } from '../models/booking.model';

/**
 * The outbox entries of the appointments module (see the notifications README): what a change must
 * put on the `appointment-reminders` queue is written by the change's own single-document update and
 * relayed after it, so a crash or a Redis outage between the write and the enqueue loses nothing.
 * Every job id is derived from the record (idempotent) and never contains ':' (BullMQ refuses it).
 */
export const REMINDER_QUEUE = 'appointment-reminders';
export const REMINDER_KINDS = ['day_before', 'hour_before'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const OFFER_KIND = 'waitlist_offer';
export const SLOT_NOTICE_KIND = 'slot_notice';
/** Crash recovery confirmed a booking its owner never got an answer for: tell them it went through. */
export const CONFIRMED_KIND = 'booking_confirmed';

export const LEAD_MS: Record<ReminderKind, number> = {
  day_before: 24 * 60 * 60_000,
  hour_before: 60 * 60_000,
};

/** BullMQ job ids may not contain ':' (slot ids do). */
export const safeJobId = (id: string) => id.replace(/:/g, '_');

export function reminderJobId(bookingId: string, kind: ReminderKind): string {
  return safeJobId(`appt-${bookingId}-${kind}`);
}

export function offerJobId(entryId: string): string {
  return safeJobId(`appt-offer-${entryId}`);
}

export function slotNoticeJobId(bookingId: string, at: Date): string {
  return safeJobId(`appt-${bookingId}-notice-${at.getTime()}`);
}

export function confirmedJobId(bookingId: string): string {
  return safeJobId(`appt-${bookingId}-${CONFIRMED_KIND}`);
}

/** When each reminder of a booking is due (those already past left out). */
export function dueReminders(
  booking: { slotStartsAt: Date },
  now: Date,
): Array<{ kind: ReminderKind; dueAt: Date }> {
  return REMINDER_KINDS.map((kind) => ({
    kind,
    dueAt: new Date(booking.slotStartsAt.getTime() - LEAD_MS[kind]),
  })).filter((r) => r.dueAt.getTime() > now.getTime());
}

/**
 * The delayed reminder jobs of a booking that was just confirmed. The delay is measured on the
 * module's clock (`now`; the same as the process clock outside tests that fix it).
 */
export function reminderEntries(
  bookingId: string,
  due: Array<{ kind: ReminderKind; dueAt: Date }>,
  now: Date,
): OutboxEntryRecord[] {
  return due.map(({ kind, dueAt }) =>
    schedule(
      REMINDER_QUEUE,
      kind,
      reminderJobId(bookingId, kind),
      new Date(Date.now() + (dueAt.getTime() - now.getTime())),
      { bookingId, kind },
    ),
  );
}

/** Withdraws both reminders (cancel, reschedule). */
export function withdrawReminders(bookingId: string): OutboxEntryRecord[] {
  return REMINDER_KINDS.map((kind) => cancel(REMINDER_QUEUE, reminderJobId(bookingId, kind)));
}

export function confirmedEntry(bookingId: string): OutboxEntryRecord {
  return {
    ...sendNow(REMINDER_QUEUE, CONFIRMED_KIND, { bookingId, kind: CONFIRMED_KIND }),
    id: confirmedJobId(bookingId),
  };
}

/** "候补有位": written by the update that offers the seat. */
export function offerNoticeEntry(entryId: string): OutboxEntryRecord {
  return { ...sendNow(REMINDER_QUEUE, OFFER_KIND, { entryId, kind: OFFER_KIND }), id: offerJobId(entryId) };
}

/** A staff closure / capacity cut told to one booked person (`slot_changed`). */
export function slotChangedEntry(bookingId: string, notice: BookingNoticeRecord): OutboxEntryRecord {
  return {
    ...sendNow(REMINDER_QUEUE, SLOT_NOTICE_KIND, {
      bookingId,
      kind: SLOT_NOTICE_KIND,
      notice: { kind: notice.kind, message: notice.message, at: notice.at.toISOString() },
    }),
    id: slotNoticeJobId(bookingId, notice.at),
  };
}
