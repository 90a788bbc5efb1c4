import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { RateableKind, RatingLevel } from '@app/shared';
import { withOutbox, type OutboxEntryRecord } from '../../notifications';
import { withStatsMark } from '../../supervision/stats-changes';

/** What was served: item, department, hall, window and the staff person who did the work. */
export interface ServedRecord {
  itemCode?: string;
  itemName?: string;
  department: string;
  hallCode?: string;
  windowName?: string;
  staffId?: string;
  staffName?: string;
}

/**
 * One rating (好差评). One per service and round (unique index): round 1 is the rating, round 2 the
 * 整改后评价 after a bad rating's rectification; both are kept. Nothing is ever deleted: a supervisor
 * marks a malicious one `invalid`, and the figures leave it out. `counted` says whether the roll-up
 * (rating_stats) holds it now: a round-1 rating stops counting when its round 2 arrives, and an
 * invalid one stops counting.
 */
export interface RatingRecord {
  _id: Types.ObjectId;
  kind: RateableKind;
  serviceId: string;
  round: 1 | 2;
  personId: string;
  title: string;
  level: RatingLevel;
  reasons: string[];
  comment?: string;
  showComment: boolean;
  addendum?: { text: string; at: Date };
  served: ServedRecord;
  /** When the service ended (the window counts from then). */
  endedAt: Date;
  /** China local date the rating was given: the day bucket of the figures. */
  day: string;
  counted: boolean;
  invalid?: { reason: string; by: string; at: Date };
  rectificationId?: Types.ObjectId;
  outbox?: OutboxEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const servedSchema = new Schema<ServedRecord>(
  {
    itemCode: String,
    itemName: String,
    department: { type: String, required: true },
    hallCode: String,
    windowName: String,
    staffId: String,
    staffName: String,
  },
  { _id: false },
);

const schema = withOutbox(
  new Schema<RatingRecord>(
    {
      kind: { type: String, required: true },
      serviceId: { type: String, required: true },
      round: { type: Number, required: true },
      personId: { type: String, required: true },
      title: { type: String, required: true },
      level: { type: String, required: true },
      reasons: { type: [String], default: [] },
      comment: String,
      showComment: { type: Boolean, default: false },
      addendum: { type: new Schema({ text: String, at: Date }, { _id: false }), required: false },
      served: { type: servedSchema, required: true },
      endedAt: { type: Date, required: true },
      day: { type: String, required: true },
      counted: { type: Boolean, required: true },
      invalid: {
        type: new Schema({ reason: String, by: String, at: Date }, { _id: false }),
        required: false,
      },
      rectificationId: Schema.Types.ObjectId,
    },
    { collection: 'ratings', timestamps: true, versionKey: false },
  ),
);
// 一次一评: one rating per service and round, whoever taps how often at once.
schema.index({ kind: 1, serviceId: 1, round: 1 }, { unique: true, name: 'uniq_service_round' });
schema.index({ personId: 1, createdAt: -1 });
// 督查 figures: counted ratings of a period.
schema.index({ day: 1, counted: 1 });
withStatsMark(schema);
schema.index({ 'served.itemCode': 1, showComment: 1, createdAt: -1 });
schema.index({ 'served.department': 1, createdAt: -1 });
schema.index({ 'served.staffId': 1, createdAt: -1 }, { sparse: true });

export type RatingModel = Model<RatingRecord>;
export function ratingModel(connection: Connection): RatingModel {
  return (connection.models.Rating as RatingModel) ?? connection.model<RatingRecord>('Rating', schema);
}
