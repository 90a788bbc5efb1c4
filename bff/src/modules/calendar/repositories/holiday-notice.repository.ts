import type { Connection } from 'mongoose';
import { holidayNoticeModel, type HolidayNoticeRecord } from '../models/holiday-notice.model';

export type HolidayNotice = HolidayNoticeRecord;

const PROJECTION = { _id: 0, year: 1, title: 1, days: 1, importedBy: 1, importedAt: 1 } as const;

/** Storage of the yearly holiday notices; what they mean for working days lives in the calendar services. */
export function createHolidayNoticeRepository(connection: Connection) {
  const HolidayNotice = holidayNoticeModel(connection);
  return {
    /** Stores a year's notice, replacing the one loaded before; returns the replaced one. */
    async replace(notice: HolidayNotice): Promise<HolidayNotice | null> {
      const { year, ...rest } = notice;
      const update = { $set: rest, ...(rest.title === undefined ? { $unset: { title: 1 } } : {}) };
      if (rest.title === undefined) delete (update.$set as Partial<HolidayNotice>).title;
      return HolidayNotice.findOneAndUpdate({ year }, update, {
        upsert: true,
        returnDocument: 'before',
        projection: PROJECTION,
      })
        .lean<HolidayNotice>()
        .exec();
    },

    /** Every stored notice, by year. */
    listAll(): Promise<HolidayNotice[]> {
      return HolidayNotice.find({}, PROJECTION).sort({ year: 1 }).lean<HolidayNotice[]>().exec();
    },

    /** Removes a year's notice (tests); returns whether one was removed. */
    async remove(year: number): Promise<boolean> {
      return (await HolidayNotice.deleteOne({ year }).exec()).deletedCount > 0;
    },
  };
}
export type HolidayNoticeRepository = ReturnType<typeof createHolidayNoticeRepository>;
