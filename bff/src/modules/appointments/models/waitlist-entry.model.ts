import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { WaitlistStatus, WindowType } from '@app/shared';
import { withOutbox, type OutboxEntryRecord } from '../../notifications/models/outbox-entry.model';

/**
 * A place on a full slot's waiting list (候补). Its `_id` is the `_id` of the rejected booking attempt
 * that created it, so a retry of that attempt finds the same entry.
 */
export interface WaitlistEntryRecord {
  _id: Types.ObjectId;
  slotId: string;
  personId: string;
  itemCode: string;
  hallCode: string;
  windowType: WindowType;
  date: string;
  start: string;
  status: WaitlistStatus;
  /** Present (true) while waiting or offered: one place per person and slot. */
  active?: true;
  joinedAt: Date;
  offeredAt?: Date;
  offerExpiresAt?: Date;
  bookingId?: Types.ObjectId;
  endedAt?: Date;
  /** Delivery of the "候补有位" subscribe message (订阅消息) for the offer. */
  offerNotice?: WaitlistOfferNoticeRecord;
  /** The "候补有位" message, written with the offer (notifications' outbox). */
  outbox?: OutboxEntryRecord[];
}

/** Like a booking's reminder record: queued, then sent / refused (43101) / failed / skipped. */
export interface WaitlistOfferNoticeRecord {
  status: 'queued' | 'sent' | 'refused' | 'failed' | 'skipped';
  attempts?: number;
  lastError?: string;
  /** Why skipped: claimed, expired, no-openid … */
  note?: string;
  at: Date;
}

const schema = new Schema<WaitlistEntryRecord>(
  {
    slotId: { type: String, required: true },
    personId: { type: String, required: true },
    itemCode: { type: String, required: true },
    hallCode: { type: String, required: true },
    windowType: { type: String, required: true },
    date: { type: String, required: true },
    start: { type: String, required: true },
    status: { type: String, required: true },
    active: Boolean,
    joinedAt: { type: Date, required: true },
    offeredAt: Date,
    offerExpiresAt: Date,
    bookingId: Schema.Types.ObjectId,
    endedAt: Date,
    offerNotice: Schema.Types.Mixed,
  },
  { collection: 'appointment_waitlist', versionKey: false },
);
schema.index(
  { slotId: 1, personId: 1 },
  { unique: true, name: 'uniq_waiting_person', partialFilterExpression: { active: true } },
);
schema.index({ slotId: 1, status: 1, joinedAt: 1 });
schema.index({ status: 1, offerExpiresAt: 1 });
withOutbox(schema);

export type WaitlistEntryModel = Model<WaitlistEntryRecord>;

export function waitlistEntryModel(connection: Connection): WaitlistEntryModel {
  return (
    (connection.models.AppointmentWaitlistEntry as WaitlistEntryModel) ??
    connection.model('AppointmentWaitlistEntry', schema)
  );
}
