import type { Connection } from 'mongoose';
import { restrictionModel, type RestrictionRecord } from '../models/restriction.model';

export type Restriction = RestrictionRecord;

export function createRestrictionRepository(connection: Connection) {
  const Restriction = restrictionModel(connection);
  return {
    /** The restriction in force at `now` that ends last, if any. */
    findActive(personId: string, now: Date): Promise<Restriction | null> {
      return Restriction.findOne({ personId, from: { $lte: now }, until: { $gt: now } })
        .sort({ until: -1 })
        .lean<Restriction>()
        .exec();
    },

    /** Idempotent: the same `_id` twice makes one restriction. */
    async create(restriction: Restriction): Promise<void> {
      const { _id, ...rest } = restriction;
      await Restriction.updateOne({ _id }, { $setOnInsert: rest }, { upsert: true }).exec();
    },
  };
}
export type RestrictionRepository = ReturnType<typeof createRestrictionRepository>;
