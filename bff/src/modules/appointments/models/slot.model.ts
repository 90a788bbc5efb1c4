import { Schema, type Connection, type Model } from 'mongoose';
import type { WindowType } from '@app/shared';

/** Who holds a seat of a slot: a booking (`b`) or a waiting-list offer (`w`), and since when. */
export interface SeatHolder {
  k: 'b' | 'w';
  at: Date;
}

/**
 * One bookable slot: hall × window type × working day × time range. `_id` is deterministic
 * (`JX-ZWFW:2026-10-09:A:0900`), so generating twice, or from two processes, makes one slot.
 *
 * The seat ledger: `seats` maps holder id → SeatHolder and `booked` is its size. Both change only
 * together, in one single-document update, so "seat taken" and "taken by whom" are one atomic fact.
 */
export interface SlotRecord {
  _id: string;
  hallCode: string;
  windowType: WindowType;
  date: string;
  start: string;
  end: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
  seats?: Record<string, SeatHolder>;
  closed: boolean;
  closedReason?: string;
  opensAt: Date;
  closesAt: Date;
  changedBy?: string;
  changedAt?: Date;
}

const schema = new Schema<SlotRecord>(
  {
    _id: { type: String, required: true },
    hallCode: { type: String, required: true },
    windowType: { type: String, required: true },
    date: { type: String, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    startsAt: { type: Date, required: true },
    endsAt: { type: Date, required: true },
    capacity: { type: Number, required: true, min: 0 },
    booked: { type: Number, required: true, default: 0 },
    seats: { type: Schema.Types.Mixed },
    closed: { type: Boolean, required: true, default: false },
    closedReason: String,
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, required: true },
    changedBy: String,
    changedAt: Date,
  },
  { collection: 'appointment_slots', versionKey: false, minimize: false },
);
schema.index({ hallCode: 1, date: 1, windowType: 1, start: 1 }, { unique: true, name: 'uniq_slot' });
// 督查 figures: slot use of a period.
schema.index({ date: 1 });

export type SlotModel = Model<SlotRecord>;

export function slotModel(connection: Connection): SlotModel {
  return (connection.models.AppointmentSlot as SlotModel) ?? connection.model('AppointmentSlot', schema);
}
