import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One day of one 督查 roll-up part (`closed`, `received`, `bookings`…): the small grouped rows the
 * figures add up, instead of reading that day's documents again. `gen` counts the changes of the
 * day's documents seen so far (each bumps it); `rolled` is the `gen` the rows were computed at, so
 * the rows hold only while `rolled === gen`.
 */
export interface StatsRollupRecord {
  _id: string;
  part: string;
  day: string;
  gen: number;
  rolled?: number;
  rows?: unknown[];
}

const schema = new Schema<StatsRollupRecord>(
  {
    _id: { type: String, required: true },
    part: { type: String, required: true },
    day: { type: String, required: true },
    gen: { type: Number, required: true },
    rolled: Number,
    rows: Schema.Types.Mixed,
  },
  { collection: 'stats_rollups', versionKey: false },
);
schema.index({ part: 1, day: 1 });

export type StatsRollupModel = Model<StatsRollupRecord>;

export function statsRollupModel(connection: Connection): StatsRollupModel {
  return (
    (connection.models.StatsRollup as StatsRollupModel) ??
    connection.model<StatsRollupRecord>('StatsRollup', schema)
  );
}
