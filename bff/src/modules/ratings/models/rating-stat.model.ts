import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The figures' roll-up: one small document per (dimension, key, China day) with a counter per level,
 * kept by the rating writes with `$inc` (a rating counts in six buckets: all, item, department,
 * hall, window, staff). Weeks and 90-day figures sum a few day buckets over the index.
 */
export interface RatingStatRecord {
  dim: 'all' | 'item' | 'department' | 'hall' | 'window' | 'staff';
  key: string;
  day: string;
  total: number;
  satisfied: number;
  levels: Record<string, number>;
}

const schema = new Schema<RatingStatRecord>(
  {
    dim: { type: String, required: true },
    key: { type: String, required: true },
    day: { type: String, required: true },
    total: { type: Number, default: 0 },
    satisfied: { type: Number, default: 0 },
    levels: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'rating_stats', versionKey: false, minimize: false },
);
schema.index({ dim: 1, key: 1, day: 1 }, { unique: true, name: 'uniq_bucket' });
schema.index({ dim: 1, day: 1 });

export type RatingStatModel = Model<RatingStatRecord>;
export function ratingStatModel(connection: Connection): RatingStatModel {
  return (
    (connection.models.RatingStat as RatingStatModel) ??
    connection.model<RatingStatRecord>('RatingStat', schema)
  );
}
