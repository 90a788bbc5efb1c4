import type { Connection } from 'mongoose';
import { tickBatcher } from '../../../infra/tick-batch';
import { restrictionModel, type RestrictionRecord } from '../models/restriction.model';

export type Restriction = RestrictionRecord;

export function createRestrictionRepository(connection: Connection) {
  const Restriction = restrictionModel(connection);
  /**
   * Every booking attempt asks this; the asks of one event-loop turn become one query (see
   * infra/tick-batch). The query covers every asker's instant; each asker then gets exactly
   * what its own `{personId, from <= now, until > now}` sorted by `until` desc would have found.
   */
  const active = tickBatcher(
    async (asks: Array<{ personId: string; now: Date }>): Promise<Array<Restriction | null>> => {
      const personIds = Array.from(new Set(asks.map((a) => a.personId)));
      const times = asks.map((a) => a.now.getTime());
      const found = await Restriction.find({
        personId: personIds.length === 1 ? personIds[0] : { $in: personIds },
        from: { $lte: new Date(Math.max(...times)) },
        until: { $gt: new Date(Math.min(...times)) },
      })
        .sort({ until: -1 })
        .lean<Restriction[]>()
        .exec();
      return asks.map(
        ({ personId, now }) =>
          found.find((r) => r.personId === personId && r.from <= now && r.until > now) ?? null,
      );
    },
  );
  return {
    /** The restriction in force at `now` that ends last, if any. */
    findActive(personId: string, now: Date): Promise<Restriction | null> {
      if (typeof personId !== 'string') {
        return Restriction.findOne({ personId, from: { $lte: now }, until: { $gt: now } })
          .sort({ until: -1 })
          .lean<Restriction>()
          .exec();
      }
      return active({ personId, now });
    },

    /** Idempotent: the same `_id` twice makes one restriction. */
    async create(restriction: Restriction): Promise<void> {
      const { _id, ...rest } = restriction;
      await Restriction.updateOne({ _id }, { $setOnInsert: rest }, { upsert: true }).exec();
    },
  };
}
export type RestrictionRepository = ReturnType<typeof createRestrictionRepository>;
