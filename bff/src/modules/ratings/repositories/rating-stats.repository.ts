import type { Connection } from 'mongoose';
import { isSatisfiedLevel, type RatingLevel } from '@app/shared';
import { ratingStatModel, type RatingStatRecord } from '../models/rating-stat.model';
import type { RatingRecord } from '../models/rating.model';

type Dim = RatingStatRecord['dim'];

/** The buckets a rating counts in: all, item, department, hall, window (hall/window), staff. */
export function bucketsOf(r: Pick<RatingRecord, 'served' | 'day'>): Array<{ dim: Dim; key: string }> {
  const s = r.served;
  const out: Array<{ dim: Dim; key: string }> = [
    { dim: 'all', key: '*' },
    { dim: 'department', key: s.department },
  ];
  if (s.itemCode) out.push({ dim: 'item', key: s.itemCode });
  if (s.hallCode) out.push({ dim: 'hall', key: s.hallCode });
  if (s.hallCode && s.windowName) out.push({ dim: 'window', key: `${s.hallCode}/${s.windowName}` });
  if (s.staffId) out.push({ dim: 'staff', key: s.staffId });
  return out;
}

export interface Counts {
  total: number;
  satisfied: number;
  levels: Record<string, number>;
}

/** The only code touching `rating_stats`. */
export function createRatingStatsRepository(connection: Connection) {
  const Stats = ratingStatModel(connection);
  return {
    /** Adds (sign 1) or takes out (sign −1) one rating in each of its buckets: one bulk round trip. */
    async apply(r: Pick<RatingRecord, 'served' | 'day' | 'level'>, sign: 1 | -1): Promise<void> {
      const inc = {
        total: sign,
        satisfied: isSatisfiedLevel(r.level as RatingLevel) ? sign : 0,
        [`levels.${r.level}`]: sign,
      };
      await Stats.bulkWrite(
        bucketsOf(r).map(({ dim, key }) => ({
          updateOne: { filter: { dim, key, day: r.day }, update: { $inc: inc }, upsert: true },
        })),
        { ordered: false },
      );
    },

    /** Adds many ratings at once (the demo seed; a rebuild): their increments summed per bucket, one bulk write. */
    async applyMany(list: Array<Pick<RatingRecord, 'served' | 'day' | 'level'>>): Promise<void> {
      const incs = new Map<string, { dim: Dim; key: string; day: string; inc: Record<string, number> }>();
      for (const r of list) {
        for (const { dim, key } of bucketsOf(r)) {
          const id = `${dim}|${key}|${r.day}`;
          const entry = incs.get(id) ?? { dim, key, day: r.day, inc: { total: 0, satisfied: 0 } };
          entry.inc.total! += 1;
          entry.inc.satisfied! += isSatisfiedLevel(r.level as RatingLevel) ? 1 : 0;
          entry.inc[`levels.${r.level}`] = (entry.inc[`levels.${r.level}`] ?? 0) + 1;
          incs.set(id, entry);
        }
      }
      if (incs.size === 0) return;
      await Stats.bulkWrite(
        [...incs.values()].map(({ dim, key, day, inc }) => ({
          updateOne: { filter: { dim, key, day }, update: { $inc: inc }, upsert: true },
        })),
        { ordered: false },
      );
    },

    /** Sum of one key's day buckets from `fromDay` (inclusive) to `toDay` (inclusive). */
    async sum(dim: Dim, key: string, fromDay: string, toDay = '9999-12-31'): Promise<Counts> {
      const rows = await Stats.find({ dim, key, day: { $gte: fromDay, $lte: toDay } })
        .lean<RatingStatRecord[]>()
        .exec();
      return add(rows);
    },

    /** Every key of a dimension over a day range, summed per key. */
    async byKey(dim: Dim, fromDay: string, toDay: string): Promise<Map<string, Counts>> {
      const rows = await Stats.find({ dim, day: { $gte: fromDay, $lte: toDay } })
        .lean<RatingStatRecord[]>()
        .exec();
      const out = new Map<string, RatingStatRecord[]>();
      for (const row of rows) out.set(row.key, [...(out.get(row.key) ?? []), row]);
      return new Map([...out].map(([key, list]) => [key, add(list)]));
    },

    /** Day buckets of one dimension (for week figures). */
    days(dim: Dim, key: string, fromDay: string, toDay: string) {
      return Stats.find({ dim, key, day: { $gte: fromDay, $lte: toDay } })
        .lean<RatingStatRecord[]>()
        .exec();
    },

    async clear(): Promise<void> {
      await Stats.deleteMany({}).exec();
    },
  };
}
export type RatingStatsRepository = ReturnType<typeof createRatingStatsRepository>;

export function add(rows: Array<Pick<RatingStatRecord, 'total' | 'satisfied' | 'levels'>>): Counts {
  const out: Counts = { total: 0, satisfied: 0, levels: {} };
  for (const row of rows) {
    out.total += row.total;
    out.satisfied += row.satisfied;
    for (const [level, n] of Object.entries(row.levels ?? {}))
      out.levels[level] = (out.levels[level] ?? 0) + n;
  }
  return out;
}
