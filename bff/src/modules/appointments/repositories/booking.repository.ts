import { Types, type Connection } from 'mongoose';
import type { BookingStatus, WindowType } from '@app/shared';
import {
  bookingModel,
  type BookingNoticeRecord,
  type BookingRecord,
  type BookingReminderRecord,
} from '../models/booking.model';
import { tickBatcher } from '../../../infra/tick-batch';
import type { OutboxEntryRecord } from '../../notifications/models/outbox-entry.model';
import { duplicateKeyIndex } from './mongo-errors';
import {
  bumpingStats,
  stampedUnlessRebuilt,
  statsMark,
  type BulkInsertOptions,
} from '../../supervision/stats-changes';

export type Booking = BookingRecord;

/** Bookings still ahead of their owner (我的预约 lists all of them). */
const LIVE_STATUSES: BookingStatus[] = ['booked', 'checked_in', 'called'];
export type NewBooking = Omit<BookingRecord, '_id' | 'notices' | 'updatedAt'> & { _id?: Types.ObjectId };

export type InsertResult =
  { ok: true; booking: Booking } | { ok: false; conflict: 'idempotency' | 'active_day' | 'code' };

const CONFLICTS: Record<string, 'idempotency' | 'active_day' | 'code'> = {
  uniq_idem: 'idempotency',
  idemKey: 'idempotency',
  uniq_active_day: 'active_day',
  personId_itemCode_date: 'active_day',
  uniq_code: 'code',
  code: 'code',
};

/** The driver would store `undefined` as null; leave such fields out instead. */
export function withoutUndefined<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as T;
}

export function toObjectId(id: string | Types.ObjectId): Types.ObjectId | undefined {
  if (id instanceof Types.ObjectId) return id;
  return Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new Types.ObjectId(id) : undefined;
}

export function createBookingRepository(connection: Connection) {
  const Booking = bookingModel(connection);
  /**
   * Idempotency look-ups of one event-loop turn as one `{idemKey: {$in}}` query on the unique
   * `uniq_idem` key, straight through the driver (mongoose's query building and casting add nothing
   * for strings). The 8:00 burst asks this for every refused attempt; see infra/tick-batch.
   */
  const byIdemKey = tickBatcher(async (keys: string[]): Promise<Array<Booking | null>> => {
    const unique = Array.from(new Set(keys));
    const found = (await Booking.collection
      .find({ idemKey: unique.length === 1 ? unique[0] : { $in: unique } })
      .toArray()) as unknown as Booking[];
    const byKey = new Map(found.map((b) => [b.idemKey, b]));
    // Each caller its own (shallow) copy: one caller's answer is never another's object.
    return keys.map((k) => {
      const hit = byKey.get(k);
      return hit ? { ...hit } : null;
    });
  });
  const repo = {
    collectionName: Booking.collection.collectionName,

    /** Inserts one document; a unique index violation comes back as the conflict it means. */
    async insert(doc: NewBooking): Promise<InsertResult> {
      const _id = doc._id ?? new Types.ObjectId();
      const record = withoutUndefined({ ...doc, _id, notices: [], updatedAt: doc.createdAt, ...statsMark() });
      try {
        await Booking.collection.insertOne(record);
        return { ok: true, booking: record as Booking };
      } catch (err) {
        const index = duplicateKeyIndex(err);
        if (!index) throw err;
        const conflict = CONFLICTS[index];
        if (!conflict) throw err;
        return { ok: false, conflict };
      }
    },

    /** Many documents at once, written as given (the history seed, `npm run seed:history`). */
    async insertMany(docs: Booking[], options: BulkInsertOptions = {}): Promise<void> {
      const stamped = stampedUnlessRebuilt(docs, options).map(withoutUndefined);
      if (docs.length) await Booking.collection.insertMany(stamped as never[], { ordered: false });
    },

    findById(id: string | Types.ObjectId): Promise<Booking | null> {
      const _id = toObjectId(id);
      if (!_id) return Promise.resolve(null);
      return Booking.findById(_id).lean<Booking>().exec();
    },

    findByIds(ids: Array<string | Types.ObjectId>): Promise<Booking[]> {
      const objectIds = ids.map(toObjectId).filter((v): v is Types.ObjectId => v !== undefined);
      return Booking.find({ _id: { $in: objectIds } })
        .lean<Booking[]>()
        .exec();
    },

    /** The attempt with this idempotency key (`personId|clientKey`), if any. Batched per tick. */
    findByIdemKey(idemKey: string): Promise<Booking | null> {
      return byIdemKey(String(idemKey));
    },

    findByCode(code: string): Promise<Booking | null> {
      return Booking.findOne({ code }).lean<Booking>().exec();
    },

    /**
     * 我的预约: every live booking (booked, checked in, called — never hidden behind old ones), soonest
     * first, then the latest `pastLimit` finished ones (cancelled, rescheduled, served, no-show).
     */
    async listByPerson(personId: string, pastLimit = 50): Promise<Booking[]> {
      const [live, past] = await Promise.all([
        Booking.find({ personId, status: { $in: LIVE_STATUSES } })
          .sort({ slotStartsAt: 1 })
          .limit(1000)
          .lean<Booking[]>()
          .exec(),
        Booking.find({ personId, status: { $nin: [...LIVE_STATUSES, 'rejected', 'expired', 'pending'] } })
          .sort({ slotStartsAt: -1 })
          .limit(pastLimit)
          .lean<Booking[]>()
          .exec(),
      ]);
      return [...live, ...past];
    },

    /** An enterprise's bookings (made for it by any member): live ones soonest first, then recent past. */
    async listByEnterprise(enterpriseId: string, pastLimit = 50): Promise<Booking[]> {
      const [live, past] = await Promise.all([
        Booking.find({ enterpriseId, status: { $in: LIVE_STATUSES } })
          .sort({ slotStartsAt: 1 })
          .limit(1000)
          .lean<Booking[]>()
          .exec(),
        Booking.find({ enterpriseId, status: { $nin: [...LIVE_STATUSES, 'rejected', 'expired', 'pending'] } })
          .sort({ slotStartsAt: -1 })
          .limit(pastLimit)
          .lean<Booking[]>()
          .exec(),
      ]);
      return [...live, ...past];
    },

    /**
     * The state machine's only write: moves a booking from one of `from` to a new status in one
     * conditional update. Returns the document after, or null when it was not in `from`.
     */
    transition(
      id: Types.ObjectId,
      from: readonly BookingStatus[],
      set: Partial<Booking> & { status?: BookingStatus; updatedAt: Date },
      options: { deactivate?: boolean; activate?: boolean; outbox?: OutboxEntryRecord[] } = {},
    ): Promise<Booking | null> {
      const update: Record<string, unknown> = {
        $set: { ...set, ...(options.activate ? { active: true } : {}), ...statsMark() },
      };
      if (options.deactivate) update.$unset = { active: '' };
      if (options.outbox?.length) update.$push = { outbox: { $each: options.outbox } };
      return Booking.findOneAndUpdate({ _id: id, status: { $in: from } }, update, { returnDocument: 'after' })
        .lean<Booking>()
        .exec();
    },

    /** Activation can hit the one-per-day index; that comes back as 'active_day'. */
    async activate(
      id: Types.ObjectId,
      from: readonly BookingStatus[],
      set: Partial<Booking> & { updatedAt: Date },
      outbox: OutboxEntryRecord[] = [],
    ): Promise<Booking | null | 'active_day'> {
      try {
        return await Booking.findOneAndUpdate(
          { _id: id, status: { $in: from } },
          {
            $set: { ...set, active: true, ...statsMark() },
            ...(outbox.length ? { $push: { outbox: { $each: outbox } } } : {}),
          },
          { returnDocument: 'after' },
        )
          .lean<Booking>()
          .exec();
      } catch (err) {
        if (CONFLICTS[duplicateKeyIndex(err) ?? ''] === 'active_day') return 'active_day';
        throw err;
      }
    },

    pendingCreatedBefore(cutoff: Date, limit = 500): Promise<Booking[]> {
      return Booking.find({ status: 'pending', createdAt: { $lt: cutoff } })
        .sort({ createdAt: 1 })
        .limit(limit)
        .lean<Booking[]>()
        .exec();
    },

    /** Tells everyone holding a seat in these slots (they keep it). */
    async addNotice(slotIds: string[], notice: BookingNoticeRecord): Promise<number> {
      const result = await Booking.updateMany(
        { slotId: { $in: slotIds }, status: { $in: ['pending', 'booked'] } },
        { $push: { notices: notice } },
      ).exec();
      return result.modifiedCount;
    },

    /**
     * One booking of a changed slot gets the notice and, in the same update, the message to send
     * (outbox entries); only while it is still pending / booked.
     */
    async addNoticeWithOutbox(
      id: Types.ObjectId,
      notice: BookingNoticeRecord,
      outbox: OutboxEntryRecord[],
    ): Promise<boolean> {
      const result = await Booking.updateOne({ _id: id, status: { $in: ['pending', 'booked'] } }, {
        $push: { notices: notice, ...(outbox.length ? { outbox: { $each: outbox } } : {}) },
      } as never).exec();
      return result.modifiedCount === 1;
    },

    /** Bookings of these slots in these statuses (the people a staff change affects). */
    inSlots(slotIds: string[], statuses: readonly BookingStatus[]): Promise<Booking[]> {
      if (slotIds.length === 0) return Promise.resolve([]);
      return Booking.find({ slotId: { $in: slotIds }, status: { $in: statuses } })
        .lean<Booking[]>()
        .exec();
    },

    /** Booked bookings whose slot starts after `from`, by id, a page at a time (reminder reconciliation). */
    bookedStartingAfter(from: Date, limit: number, afterId?: Types.ObjectId): Promise<Booking[]> {
      const filter: Record<string, unknown> = { status: 'booked', slotStartsAt: { $gt: from } };
      if (afterId) filter._id = { $gt: afterId };
      return Booking.find(filter, { slotStartsAt: 1, reminders: 1, status: 1 })
        .sort({ _id: 1 })
        .limit(limit)
        .lean<Booking[]>()
        .exec();
    },

    async addNoticeTo(id: Types.ObjectId, notice: BookingNoticeRecord): Promise<void> {
      await Booking.updateOne({ _id: id }, { $push: { notices: notice } }).exec();
    },

    bookedEndedBefore(cutoff: Date, limit = 1000): Promise<Booking[]> {
      return Booking.find({ status: 'booked', slotEndsAt: { $lt: cutoff } })
        .limit(limit)
        .lean<Booking[]>()
        .exec();
    },

    uncountedNoShows(limit = 1000): Promise<Booking[]> {
      return Booking.find({ status: 'no_show', noShowCounted: false }).limit(limit).lean<Booking[]>().exec();
    },

    noShowsSince(personId: string, since: Date): Promise<Booking[]> {
      return Booking.find({ personId, status: 'no_show', slotEndsAt: { $gte: since } }, { _id: 1 })
        .lean<Booking[]>()
        .exec();
    },

    async markNoShowCounted(id: Types.ObjectId): Promise<void> {
      await Booking.updateOne({ _id: id }, { $set: { noShowCounted: true } }).exec();
    },

    /** The oldest checked-in ticket of a hall, window type and day becomes `called`, atomically. */
    callNext(
      q: { hallCode: string; windowType: WindowType; date: string },
      set: { calledAt: Date; calledBy: string; windowName?: string },
    ): Promise<Booking | null> {
      return Booking.findOneAndUpdate(
        { hallCode: q.hallCode, windowType: q.windowType, date: q.date, status: 'checked_in' },
        { $set: { ...set, status: 'called', updatedAt: set.calledAt, ...statsMark() } },
        { sort: { queueSeq: 1 }, returnDocument: 'after' },
      )
        .lean<Booking>()
        .exec();
    },

    countCheckedInBefore(q: { hallCode: string; windowType: WindowType; date: string; queueSeq: number }) {
      return Booking.countDocuments({
        hallCode: q.hallCode,
        windowType: q.windowType,
        date: q.date,
        status: 'checked_in',
        queueSeq: { $lt: q.queueSeq },
      }).exec();
    },

    /** A hall's bookings of one day (staff list), by slot time then queue. */
    listByHallDay(
      q: { hallCode: string; date: string; status?: BookingStatus },
      limit = 2000,
    ): Promise<Booking[]> {
      const filter: Record<string, unknown> = { hallCode: q.hallCode, date: q.date };
      filter.status = q.status ?? { $nin: ['pending', 'rejected', 'expired'] };
      return Booking.find(filter)
        .sort({ start: 1, queueSeq: 1, _id: 1 })
        .limit(limit)
        .lean<Booking[]>()
        .exec();
    },

    /** Records the state of one reminder (订阅消息) on the booking. */
    async setReminder(id: Types.ObjectId, kind: string, state: BookingReminderRecord): Promise<void> {
      await Booking.updateOne(
        { _id: id },
        { $set: { [`reminders.${kind}`]: withoutUndefined(state) } },
      ).exec();
    },

    /** Bookings still `booked` in these slots (the people a staff change affects). */
    bookedInSlots(slotIds: string[]): Promise<Booking[]> {
      if (slotIds.length === 0) return Promise.resolve([]);
      return Booking.find({ slotId: { $in: slotIds }, status: 'booked' })
        .lean<Booking[]>()
        .exec();
    },

    /** The person's bookings checked in since `since`, newest first (好差评's 待评价 list). */
    checkedInSince(personId: string, since: Date, limit = 50): Promise<Booking[]> {
      return Booking.find({
        personId,
        status: { $in: ['checked_in', 'called', 'served'] },
        checkedInAt: { $gte: since },
      })
        .sort({ checkedInAt: -1 })
        .limit(limit)
        .lean<Booking[]>()
        .exec();
    },

    countBySlot(slotId: string, statuses: readonly BookingStatus[]): Promise<number> {
      return Booking.countDocuments({ slotId, status: { $in: statuses } }).exec();
    },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'appointments', repo, [
    'insert',
    'transition',
    'activate',
    'callNext',
    'insertMany',
  ]);
}
export type BookingRepository = ReturnType<typeof createBookingRepository>;
