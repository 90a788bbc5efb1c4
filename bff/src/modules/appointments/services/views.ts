import type { BookingView, SlotView, WaitlistEntryView } from '@app/shared';
import type { Booking } from '../repositories/booking.repository';
import type { Slot } from '../repositories/slot.repository';
import type { PlannedSlot } from './slot-plan';
import type { WaitlistEntry } from '../repositories/waitlist.repository';
import { qrPayloadOf } from './booking-code';

/** What the person sees of a booking: no internal ids of other people, no seat ledger. */
export function toBookingView(b: Booking): BookingView {
  const view: BookingView = {
    id: b._id.toHexString(),
    code: b.code,
    status: b.status,
    itemCode: b.itemCode,
    hallCode: b.hallCode,
    windowType: b.windowType,
    date: b.date,
    start: b.start,
    end: b.end,
    qrPayload: qrPayloadOf(b.code),
    notices: (b.notices ?? []).map((n) => ({
      kind: n.kind,
      message: n.message,
      at: new Date(n.at).toISOString(),
    })),
  };
  if (b.queueNo) view.queueNo = b.queueNo;
  if (b.rescheduledTo) view.rescheduledTo = b.rescheduledTo.toHexString();
  return view;
}

export function toSlotView(slot: Slot, waiting?: number): SlotView {
  const view: SlotView = {
    id: slot._id,
    hallCode: slot.hallCode,
    windowType: slot.windowType,
    date: slot.date,
    start: slot.start,
    end: slot.end,
    capacity: slot.capacity,
    booked: slot.booked,
    available: slot.closed ? 0 : Math.max(0, slot.capacity - slot.booked),
    closed: slot.closed,
  };
  if (slot.closedReason) view.closedReason = slot.closedReason;
  if (waiting !== undefined) view.waiting = waiting;
  return view;
}

/** A slot of a working day not generated yet: nobody booked, nobody waiting, open. */
export function plannedSlotView(planned: PlannedSlot): SlotView {
  return {
    id: planned._id,
    hallCode: planned.hallCode,
    windowType: planned.windowType,
    date: planned.date,
    start: planned.start,
    end: planned.end,
    capacity: planned.capacity,
    booked: 0,
    available: planned.capacity,
    closed: false,
    waiting: 0,
  };
}

export function toWaitlistView(entry: WaitlistEntry, position?: number): WaitlistEntryView {
  const view: WaitlistEntryView = {
    id: entry._id.toHexString(),
    status: entry.status,
    slotId: entry.slotId,
    itemCode: entry.itemCode,
    date: entry.date,
    start: entry.start,
  };
  if (position !== undefined) view.position = position;
  if (entry.offerExpiresAt) view.offerExpiresAt = new Date(entry.offerExpiresAt).toISOString();
  return view;
}
