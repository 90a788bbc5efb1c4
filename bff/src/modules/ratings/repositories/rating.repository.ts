import { Types, type Connection } from 'mongoose';
import type { RateableKind } from '@app/shared';
import { ratingModel, type RatingRecord } from '../models/rating.model';
import { isDuplicateKey } from './mongo-errors';
import {
  bumpingStats,
  stampedUnlessRebuilt,
  statsMark,
  type BulkInsertOptions,
} from '../../supervision/stats-changes';

export type NewRating = Omit<RatingRecord, '_id' | 'createdAt' | 'updatedAt'>;

function toId(id: string | Types.ObjectId): Types.ObjectId | undefined {
  if (id instanceof Types.ObjectId) return id;
  return Types.ObjectId.isValid(id) && /^[0-9a-f]{24}$/.test(id) ? new Types.ObjectId(id) : undefined;
}

/** The only code touching the `ratings` collection. */
export function createRatingRepository(connection: Connection) {
  const Ratings = ratingModel(connection);
  const repo = {
    model: Ratings,

    /** Inserts a rating; `duplicate` when the service's round is rated already (unique index). */
    async insert(doc: NewRating & { _id?: Types.ObjectId }): Promise<RatingRecord | 'duplicate'> {
      try {
        const created = await Ratings.create({ ...doc, ...statsMark() });
        return created.toObject() as RatingRecord;
      } catch (err) {
        if (isDuplicateKey(err)) return 'duplicate';
        throw err;
      }
    },

    /** Demo seed only: ratings written as given (their own createdAt). */
    async insertMany(docs: RatingRecord[], options: BulkInsertOptions = {}): Promise<void> {
      if (docs.length)
        await Ratings.collection.insertMany(stampedUnlessRebuilt(docs, options) as never[], {
          ordered: false,
        });
    },

    count: () => Ratings.estimatedDocumentCount().exec(),

    findById(id: string | Types.ObjectId) {
      const _id = toId(id);
      return _id ? Ratings.findById(_id).lean<RatingRecord>().exec() : Promise.resolve(null);
    },

    findOfService(kind: RateableKind, serviceId: string) {
      return Ratings.find({ kind, serviceId }).sort({ round: 1 }).lean<RatingRecord[]>().exec();
    },

    /** The ratings of these services (the pending list and cards), any round. */
    findOfServices(kind: RateableKind, serviceIds: string[]) {
      return Ratings.find({ kind, serviceId: { $in: serviceIds } }, { kind: 1, serviceId: 1, round: 1 })
        .lean<Array<Pick<RatingRecord, '_id' | 'kind' | 'serviceId' | 'round'>>>()
        .exec();
    },

    listByPerson(personId: string, limit = 100) {
      return Ratings.find({ personId }).sort({ createdAt: -1 }).limit(limit).lean<RatingRecord[]>().exec();
    },

    list(filter: Record<string, unknown>, limit = 100) {
      return Ratings.find(filter).sort({ createdAt: -1 }).limit(limit).lean<RatingRecord[]>().exec();
    },

    /** 追评: once, by the rater, while the rating is younger than `since` allows. */
    setAddendum(id: Types.ObjectId, personId: string, text: string, at: Date, notBefore: Date) {
      return Ratings.findOneAndUpdate(
        { _id: id, personId, addendum: { $exists: false }, createdAt: { $gte: notBefore } },
        { $set: { addendum: { text, at } } },
        { returnDocument: 'after' },
      )
        .lean<RatingRecord>()
        .exec();
    },

    /** Marks invalid (恶意差评) once; answers the rating as it was before (its `counted` says what to take out). */
    markInvalid(id: Types.ObjectId, invalid: { reason: string; by: string; at: Date }) {
      return Ratings.findOneAndUpdate(
        { _id: id, invalid: { $exists: false } },
        { $set: { invalid, counted: false, ...statsMark() } },
        { returnDocument: 'before' },
      )
        .lean<RatingRecord>()
        .exec();
    },

    /** Stops counting a rating (its round 2 arrived); true when this call made the change. */
    async uncount(id: Types.ObjectId): Promise<boolean> {
      const res = await Ratings.updateOne(
        { _id: id, counted: true },
        { $set: { counted: false, ...statsMark() } },
      ).exec();
      return res.modifiedCount === 1;
    },

    async setRectification(id: Types.ObjectId, rectificationId: Types.ObjectId): Promise<void> {
      await Ratings.updateOne({ _id: id }, { $set: { rectificationId } }).exec();
    },

    /** Figures straight from the ratings (the roll-up's check and rebuild): counted ones by a field. */
    aggregateCounts(match: Record<string, unknown>, groupBy: string) {
      return Ratings.aggregate<{ _id: string | null; total: number; satisfied: number; levels: string[] }>([
        { $match: { counted: true, ...match } },
        {
          $group: {
            _id: `$${groupBy}`,
            total: { $sum: 1 },
            satisfied: {
              $sum: { $cond: [{ $in: ['$level', ['dissatisfied', 'very_dissatisfied']] }, 0, 1] },
            },
            levels: { $push: '$level' },
          },
        },
      ]).exec();
    },
  };
  // 督查: each write bumps the figures' version of this source (supervision/stats-changes.ts).
  return bumpingStats(connection, 'ratings', repo, ['insert', 'insertMany', 'markInvalid', 'uncount']);
}
export type RatingRepository = ReturnType<typeof createRatingRepository>;
