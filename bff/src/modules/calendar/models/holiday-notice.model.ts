import { Schema, type Connection, type Model } from 'mongoose';
import type { HolidayNoticeDayKind } from '@app/shared';

/**
 * One year's official holiday notice (国务院办公厅关于某年部分节假日安排的通知) as an admin loaded it:
 * one document per year, replaced as a whole by a new import. Dates are China local `YYYY-MM-DD`.
 */
export interface HolidayNoticeRecord {
  year: number;
  title?: string;
  days: Array<{ date: string; kind: HolidayNoticeDayKind; name: string }>;
  /** Who imported it: a user id (admin route) or `cli:<os user>` (npm run calendar:import). */
  importedBy: string;
  importedAt: Date;
}

const noticeDaySchema = new Schema(
  {
    date: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    kind: { type: String, required: true, enum: ['holiday', 'workday'] },
    name: { type: String, required: true, maxlength: 20 },
  },
  { _id: false },
);

const holidayNoticeSchema = new Schema<HolidayNoticeRecord>(
  {
    year: { type: Number, required: true },
    title: { type: String, maxlength: 100 },
    days: { type: [noticeDaySchema], required: true },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
  },
  { collection: 'holiday_notices', versionKey: false },
);
holidayNoticeSchema.index({ year: 1 }, { unique: true });

export type HolidayNoticeModel = Model<HolidayNoticeRecord>;

export function holidayNoticeModel(connection: Connection): HolidayNoticeModel {
  return (
    (connection.models.HolidayNotice as HolidayNoticeModel) ??
    connection.model('HolidayNotice', holidayNoticeSchema)
  );
}
