import { Schema, type Connection, type Model } from 'mongoose';
import { holidayNoticeModel, type HolidayNoticeModel } from './holiday-notice.model';

/** A day a hall declares closed (e.g. 系统升级停止对外办公). `date` is a China local date `YYYY-MM-DD`. */
export interface HallClosureRecord {
  hallCode: string;
  date: string;
  reason: string;
  createdBy: string;
  createdAt?: Date;
  updatedAt?: Date;
}

const hallClosureSchema = new Schema<HallClosureRecord>(
  {
    hallCode: { type: String, required: true },
    // A string, not a Date: a local date must not move with the server's time zone, and
    // `YYYY-MM-DD` strings sort and compare in date order for range queries.
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    reason: { type: String, required: true, maxlength: 200 },
    createdBy: { type: String, required: true },
  },
  { collection: 'hall_closures', timestamps: true, versionKey: false },
);
hallClosureSchema.index({ hallCode: 1, date: 1 }, { unique: true });

export type HallClosureModel = Model<HallClosureRecord>;

export function hallClosureModel(connection: Connection): HallClosureModel {
  return (
    (connection.models.HallClosure as HallClosureModel) ?? connection.model('HallClosure', hallClosureSchema)
  );
}

/** Registers the calendar module's models on a connection (idempotent); syncIndexes() then creates their indexes. */
export function registerCalendarModels(connection: Connection): {
  HallClosure: HallClosureModel;
  HolidayNotice: HolidayNoticeModel;
} {
  return { HallClosure: hallClosureModel(connection), HolidayNotice: holidayNoticeModel(connection) };
}
