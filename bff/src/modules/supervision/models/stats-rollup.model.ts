import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One day of one 督查 roll-up part (`closed`, `received`, `bookings`…): the small grouped rows the
 * figures add up, instead of reading that day's documents again. `gen` counts the changes of the
 * day's documents seen so far (each bumps it); `rolled` is the `gen` the rows were computed at, so
 * the rows hold only while `rolled === gen`. The rows are kept as one JSON string: nothing queries
 * inside them, and a year of a part is read as 365 strings instead of some 200,000 sub-documents
 * (which the engine and the driver copied and decoded one by one: 7 s against well under 1 s).
 */
export interface StatsRollupRecord {
  _id: string;
  part: string;
  day: string;
  gen: number;
  rolled?: number;
  /** The shape its rows were kept in (ROLLUP_FORMAT). */
  format?: number;
  /** As stored: JSON text; as read through the roll-up repository: the view asked for, parsed. */
  rows?: unknown[];
  /** Coarser views (JSON text): by department and hall(s); received cases by item. */
  top?: string;
  items?: string;
}

const schema = new Schema<StatsRollupRecord>(
  {
    _id: { type: String, required: true },
    part: { type: String, required: true },
    day: { type: String, required: true },
    gen: { type: Number, required: true },
    rolled: Number,
    format: Number,
    rows: String,
    top: String,
    items: String,
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
