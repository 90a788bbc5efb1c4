import type { Connection } from 'mongoose';
import { bookingModel } from '../../appointments/models/booking.model';
import { caseModel } from '../../cases/models/case.model';
import { consultationModel } from '../../consultations/models/consultation.model';
import { ratingModel } from '../../ratings/models/rating.model';
import { statsRollupModel, type StatsRollupRecord } from '../models/stats-rollup.model';
import { STATS_MARK_FIELD } from '../stats-changes';

/** The collections the roll-ups are made from (their writes stamp `statsMark`). */
export type RollupSource = 'cases' | 'bookings' | 'ratings' | 'consultations';

export interface StampedDoc {
  _id: unknown;
  statsMark: string;
  [field: string]: unknown;
}

/** A bulk write whose only failures are duplicate keys (an upsert that lost a race) succeeded enough. */
async function ignoringDuplicates(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (err) {
    const errors = (err as { writeErrors?: Array<{ code?: number }> }).writeErrors;
    const codes = errors ? errors.map((e) => e.code) : [(err as { code?: number }).code];
    if (codes.some((c) => c !== 11000)) throw err;
  }
}

/**
 * Storage of the 督查 roll-ups (`stats_rollups`, one document per part and day) and of the stamps
 * the sources' writes leave (`statsMark`). Mechanics only; when a day must be computed again is the
 * roll-up service's to decide. Straight through the driver: no casting, and clearing a stamp must not
 * touch the source document's `updatedAt`.
 */
export function createRollupRepository(connection: Connection) {
  const Rollups = statsRollupModel(connection).collection;
  const sources: Record<RollupSource, { collection: typeof Rollups }> = {
    cases: caseModel(connection),
    bookings: bookingModel(connection),
    ratings: ratingModel(connection),
    consultations: consultationModel(connection),
  } as never;
  const idOf = (part: string, day: string) => `${part}|${day}`;

  return {
    /** Up to `limit` stamped documents of a source, with the fields their days are read from. */
    stamped(source: RollupSource, fields: readonly string[], limit: number): Promise<StampedDoc[]> {
      const projection = Object.fromEntries([STATS_MARK_FIELD, ...fields].map((f) => [f, 1]));
      return sources[source].collection
        .find({ [STATS_MARK_FIELD]: { $gt: '' } }, { projection, limit })
        .toArray() as unknown as Promise<StampedDoc[]>;
    },

    /** Clears the stamps as seen: a document stamped again since keeps its newer stamp. */
    async clearStamps(source: RollupSource, seen: readonly StampedDoc[]): Promise<void> {
      if (seen.length === 0) return;
      await sources[source].collection.bulkWrite(
        seen.map((d) => ({
          updateOne: {
            filter: { _id: d._id, [STATS_MARK_FIELD]: d.statsMark },
            update: { $unset: { [STATS_MARK_FIELD]: '' } },
          },
        })) as never,
        { ordered: false },
      );
    },

    /** These days of a part changed: their rows (if any) no longer hold. */
    async invalidate(part: string, days: readonly string[]): Promise<void> {
      if (days.length === 0) return;
      await ignoringDuplicates(() =>
        Rollups.bulkWrite(
          days.map((day) => ({
            updateOne: {
              filter: { _id: idOf(part, day) },
              update: { $inc: { gen: 1 }, $setOnInsert: { part, day } },
              upsert: true,
            },
          })) as never,
          { ordered: false },
        ),
      );
    },

    /** The `gen` of each stored day of a part in [from, to] (a small read: no views). */
    async gens(part: string, from: string, to: string): Promise<Map<string, number>> {
      const docs = await Rollups.find(
        { part, day: { $gte: from, $lte: to } },
        { projection: { _id: 0, day: 1, gen: 1 } },
      ).toArray();
      return new Map(docs.map((d) => [d.day as string, d.gen as number]));
    },

    /**
     * The stored days of a part in [from, to] (China dates, inclusive), with one view of their rows
     * (`rows`, `top`, `items`) parsed as `rows`; a day without that view has no `rows`.
     */
    async read(part: string, from: string, to: string, view = 'rows'): Promise<StatsRollupRecord[]> {
      const docs = (await Rollups.find(
        { part, day: { $gte: from, $lte: to } },
        { projection: { day: 1, gen: 1, rolled: 1, format: 1, [view]: 1 } },
      ).toArray()) as unknown as Array<Omit<StatsRollupRecord, 'rows'> & Record<string, unknown>>;
      return docs.map((doc) => {
        const text = doc[view];
        return {
          _id: doc._id,
          part,
          day: doc.day,
          gen: doc.gen,
          ...(doc.rolled !== undefined ? { rolled: doc.rolled } : {}),
          ...(doc.format !== undefined ? { format: doc.format } : {}),
          ...(typeof text === 'string' ? { rows: JSON.parse(text) as unknown[] } : {}),
        };
      });
    },

    /**
     * Keeps the views of rows computed while the day's `gen` was `gen` (0: no document yet). A day whose `gen`
     * moved on meanwhile is left alone: its rows may miss that change, so it is computed again.
     */
    async store(
      part: string,
      days: ReadonlyArray<{ day: string; gen: number; views: Record<string, unknown[]> }>,
      format: number,
    ): Promise<void> {
      if (days.length === 0) return;
      await ignoringDuplicates(() =>
        Rollups.bulkWrite(
          days.map(({ day, gen, views }) => ({
            updateOne: {
              filter: { _id: idOf(part, day), gen },
              update: {
                $set: {
                  ...Object.fromEntries(
                    Object.entries(views).map(([name, rows]) => [name, JSON.stringify(rows)]),
                  ),
                  rolled: gen,
                  format,
                },
                $setOnInsert: { part, day },
              },
              upsert: true,
            },
          })) as never,
          { ordered: false },
        ),
      );
    },
  };
}
export type RollupRepository = ReturnType<typeof createRollupRepository>;
