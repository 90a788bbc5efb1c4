import type { OutboxEntryRecord } from '../../notifications/models/outbox-entry.model';
import { Types, type Connection } from 'mongoose';
import type { WaitlistStatus } from '@app/shared';
import {
  waitlistEntryModel,
  type WaitlistEntryRecord,
  type WaitlistOfferNoticeRecord,
} from '../models/waitlist-entry.model';
import { duplicateKeyIndex } from './mongo-errors';
import { toObjectId, withoutUndefined } from './booking.repository';

export type WaitlistEntry = WaitlistEntryRecord;

export function createWaitlistRepository(connection: Connection) {
  const Entry = waitlistEntryModel(connection);
  return {
    collectionName: Entry.collection.collectionName,

    /** 'same' when this `_id` exists (a retry), 'person' when the person already waits for this slot. */
    async insert(entry: WaitlistEntry): Promise<{ ok: true } | { ok: false; conflict: 'same' | 'person' }> {
      try {
        await Entry.collection.insertOne(withoutUndefined(entry));
        return { ok: true };
      } catch (err) {
        const index = duplicateKeyIndex(err);
        if (!index) throw err;
        if (index === '_id_' || index === '_id') return { ok: false, conflict: 'same' };
        return { ok: false, conflict: 'person' };
      }
    },

    findById(id: string | Types.ObjectId): Promise<WaitlistEntry | null> {
      const _id = toObjectId(id);
      if (!_id) return Promise.resolve(null);
      return Entry.findById(_id).lean<WaitlistEntry>().exec();
    },

    findByIds(ids: Array<string | Types.ObjectId>): Promise<WaitlistEntry[]> {
      const objectIds = ids.map(toObjectId).filter((v): v is Types.ObjectId => v !== undefined);
      return Entry.find({ _id: { $in: objectIds } })
        .lean<WaitlistEntry[]>()
        .exec();
    },

    /** First in line: earliest joined, ties by id. */
    firstWaiting(slotId: string): Promise<WaitlistEntry | null> {
      return Entry.findOne({ slotId, status: 'waiting' })
        .sort({ joinedAt: 1, _id: 1 })
        .lean<WaitlistEntry>()
        .exec();
    },

    countWaiting(slotId: string): Promise<number> {
      return Entry.countDocuments({ slotId, status: 'waiting' }).exec();
    },

    /** People waiting per slot, for several slots in one query (slots nobody waits for are absent). */
    async countWaitingBySlot(slotIds: string[]): Promise<Map<string, number>> {
      const counts = new Map<string, number>();
      if (slotIds.length === 0) return counts;
      const rows = await Entry.find({ slotId: { $in: slotIds }, status: 'waiting' }, { slotId: 1 })
        .lean<Array<{ slotId: string }>>()
        .exec();
      for (const { slotId } of rows) counts.set(slotId, (counts.get(slotId) ?? 0) + 1);
      return counts;
    },

    /** How many wait before this entry. */
    countAhead(entry: WaitlistEntry): Promise<number> {
      return Entry.countDocuments({
        slotId: entry.slotId,
        status: 'waiting',
        $or: [{ joinedAt: { $lt: entry.joinedAt } }, { joinedAt: entry.joinedAt, _id: { $lt: entry._id } }],
      }).exec();
    },

    transition(
      id: Types.ObjectId,
      from: readonly WaitlistStatus[],
      set: Partial<WaitlistEntry> & { status: WaitlistStatus },
      options: { deactivate?: boolean; outbox?: OutboxEntryRecord[] } = {},
    ): Promise<WaitlistEntry | null> {
      const update: Record<string, unknown> = { $set: set };
      if (options.deactivate) update.$unset = { active: '' };
      if (options.outbox?.length) update.$push = { outbox: { $each: options.outbox } };
      return Entry.findOneAndUpdate({ _id: id, status: { $in: from } }, update, { returnDocument: 'after' })
        .lean<WaitlistEntry>()
        .exec();
    },

    offersExpiredAt(now: Date, limit = 500): Promise<WaitlistEntry[]> {
      return Entry.find({ status: 'offered', offerExpiresAt: { $lte: now } })
        .limit(limit)
        .lean<WaitlistEntry[]>()
        .exec();
    },

    /** A person's entries still waiting or offered. */
    listOpenByPerson(personId: string): Promise<WaitlistEntry[]> {
      return Entry.find({ personId, status: { $in: ['waiting', 'offered'] } })
        .sort({ date: 1, start: 1 })
        .lean<WaitlistEntry[]>()
        .exec();
    },

    /** Records the delivery state of the offer's subscribe message on the entry. */
    async setOfferNotice(id: Types.ObjectId, state: WaitlistOfferNoticeRecord): Promise<void> {
      await Entry.updateOne({ _id: id }, { $set: { offerNotice: withoutUndefined(state) } }).exec();
    },

    listBySlot(slotId: string): Promise<WaitlistEntry[]> {
      return Entry.find({ slotId }).sort({ joinedAt: 1, _id: 1 }).lean<WaitlistEntry[]>().exec();
    },
  };
}
export type WaitlistRepository = ReturnType<typeof createWaitlistRepository>;
