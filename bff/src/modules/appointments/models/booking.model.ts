import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { BookingNoticeKind, BookingStatus, WindowType } from '@app/shared';
import { withOutbox, type OutboxEntryRecord } from '../../notifications/models/outbox-entry.model';
import { withStatsMark } from '../../supervision/stats-changes';

/** Why an attempt was rejected: the error a retry with the same key answers again. */
export type RejectCode = 'SLOT_FULL' | 'SLOT_CLOSED' | 'WAITLIST_OFFER_EXPIRED' | 'BOOKING_DUPLICATE';

export interface BookingNoticeRecord {
  kind: BookingNoticeKind;
  message: string;
  at: Date;
}

/** One reminder (订阅消息) of a booking: scheduled, then sent / refused (43101) / failed / skipped. */
export interface BookingReminderRecord {
  status: 'scheduled' | 'sent' | 'refused' | 'failed' | 'skipped';
  /** When it is due. */
  dueAt: Date;
  attempts?: number;
  lastError?: string;
  /** Why skipped: cancelled, past, no-openid … */
  note?: string;
  at: Date;
}

/**
 * One booking attempt and, when it got its seat, the booking. Written first as `pending`; see the
 * module README for the protocol.
 */
export interface BookingRecord {
  _id: Types.ObjectId;
  /** The short code shown and put in the QR code; unique. */
  code: string;
  personId: string;
  /** Booked on behalf of this enterprise (its active members see it); name kept as at booking. */
  enterpriseId?: string;
  enterpriseName?: string;
  itemCode: string;
  hallCode: string;
  windowType: WindowType;
  date: string;
  start: string;
  end: string;
  slotId: string;
  slotStartsAt: Date;
  slotEndsAt: Date;
  status: BookingStatus;
  /** Present (true) only while the booking holds the person's one booking per item per day. */
  active?: true;
  /** `personId|clientKey`: a retry with the same key finds this document. Unique. */
  idemKey: string;
  rejectCode?: RejectCode;
  /** Set on the new booking of a reschedule (改约): the booking it replaces. */
  rescheduleOf?: Types.ObjectId;
  rescheduledTo?: Types.ObjectId;
  /** Set when the booking claims a waiting-list offer: the entry whose held seat it takes over. */
  fromWaitlist?: Types.ObjectId;
  queueNo?: string;
  queueSeq?: number;
  checkedInAt?: Date;
  checkedInBy?: string;
  calledAt?: Date;
  calledBy?: string;
  windowName?: string;
  servedAt?: Date;
  cancelledAt?: Date;
  cancelReason?: string;
  noShowAt?: Date;
  /** false from the moment a booking becomes no_show until the restriction rule has looked at it. */
  noShowCounted?: boolean;
  notices: BookingNoticeRecord[];
  /** Reminder delivery by kind (`day_before`, `hour_before`). */
  reminders?: Record<string, BookingReminderRecord>;
  /** Jobs to add / withdraw, written with the change they follow from (notifications' outbox). */
  outbox?: OutboxEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const noticeSchema = new Schema<BookingNoticeRecord>(
  { kind: { type: String, required: true }, message: { type: String, required: true }, at: Date },
  { _id: false },
);

const schema = new Schema<BookingRecord>(
  {
    code: { type: String, required: true },
    personId: { type: String, required: true },
    enterpriseId: String,
    enterpriseName: String,
    itemCode: { type: String, required: true },
    hallCode: { type: String, required: true },
    windowType: { type: String, required: true },
    date: { type: String, required: true },
    start: { type: String, required: true },
    end: { type: String, required: true },
    slotId: { type: String, required: true },
    slotStartsAt: { type: Date, required: true },
    slotEndsAt: { type: Date, required: true },
    status: { type: String, required: true },
    active: { type: Boolean },
    idemKey: { type: String, required: true },
    rejectCode: String,
    rescheduleOf: Schema.Types.ObjectId,
    rescheduledTo: Schema.Types.ObjectId,
    fromWaitlist: Schema.Types.ObjectId,
    queueNo: String,
    queueSeq: Number,
    checkedInAt: Date,
    checkedInBy: String,
    calledAt: Date,
    calledBy: String,
    windowName: String,
    servedAt: Date,
    cancelledAt: Date,
    cancelReason: String,
    noShowAt: Date,
    noShowCounted: Boolean,
    notices: { type: [noticeSchema], default: [] },
    reminders: Schema.Types.Mixed,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'appointment_bookings', versionKey: false },
);
schema.index({ idemKey: 1 }, { unique: true, name: 'uniq_idem' });
schema.index({ code: 1 }, { unique: true, name: 'uniq_code' });
// One active booking per person, item and day. A partial index on an equality (`active: true`)
// works on every MongoDB version; the field is unset when the booking stops being active.
schema.index(
  { personId: 1, itemCode: 1, date: 1 },
  { unique: true, name: 'uniq_active_day', partialFilterExpression: { active: true } },
);
schema.index({ status: 1, createdAt: 1 });
schema.index({ slotId: 1, status: 1 });
schema.index({ hallCode: 1, date: 1, windowType: 1, status: 1, queueSeq: 1 });
schema.index({ personId: 1, status: 1, slotEndsAt: -1 });
schema.index(
  { enterpriseId: 1, slotEndsAt: -1 },
  { partialFilterExpression: { enterpriseId: { $exists: true } } },
);
schema.index({ status: 1, slotStartsAt: 1 });
// 督查 figures: bookings of a period.
schema.index({ date: 1, hallCode: 1 });
withOutbox(schema);
withStatsMark(schema);

export type BookingModel = Model<BookingRecord>;

export function bookingModel(connection: Connection): BookingModel {
  return (
    (connection.models.AppointmentBooking as BookingModel) ?? connection.model('AppointmentBooking', schema)
  );
}
