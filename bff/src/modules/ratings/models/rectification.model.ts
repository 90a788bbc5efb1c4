import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { RateableKind, RatingLevel, RectificationStatus } from '@app/shared';
import { withOutbox, type OutboxEntryRecord } from '../../notifications';
import type { ServedRecord } from './rating.model';

export interface EvidenceFileRecord {
  fileId: Types.ObjectId;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: Date;
}

/**
 * 整改 of one bad rating, for the responsible department: 回访 by `callbackDueDate`, then the
 * rectification by `rectifyDueDate` (China dates, working days by the calendar). Each step is ONE
 * conditional update on (status, version); the overdue jobs set the flags only while the step is open.
 */
export interface RectificationRecord {
  _id: Types.ObjectId;
  ratingId: Types.ObjectId;
  kind: RateableKind;
  serviceId: string;
  personId: string;
  title: string;
  department: string;
  served: ServedRecord;
  level: RatingLevel;
  reasons: string[];
  comment?: string;
  status: RectificationStatus;
  version: number;
  callbackDueDate: string;
  callbackDueAt: Date;
  rectifyDueDate: string;
  rectifyDueAt: Date;
  callbackOverdue: boolean;
  rectifyOverdue: boolean;
  assigneeId?: string;
  assigneeName?: string;
  callback?: { reached: boolean; note: string; at: Date; by: string; onTime: boolean };
  rectification?: {
    problem: string;
    actions: string;
    evidence: EvidenceFileRecord[];
    at: Date;
    by: string;
    onTime: boolean;
  };
  /** Evidence uploaded before the rectification is recorded. */
  pendingEvidence: EvidenceFileRecord[];
  reRating?: { ratingId: Types.ObjectId; level: RatingLevel; at: Date };
  outbox?: OutboxEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const evidenceSchema = new Schema<EvidenceFileRecord>(
  { fileId: Schema.Types.ObjectId, filename: String, contentType: String, size: Number, uploadedAt: Date },
  { _id: false },
);

const schema = withOutbox(
  new Schema<RectificationRecord>(
    {
      ratingId: { type: Schema.Types.ObjectId, required: true },
      kind: { type: String, required: true },
      serviceId: { type: String, required: true },
      personId: { type: String, required: true },
      title: { type: String, required: true },
      department: { type: String, required: true },
      served: { type: Schema.Types.Mixed, required: true },
      level: { type: String, required: true },
      reasons: { type: [String], default: [] },
      comment: String,
      status: { type: String, required: true },
      version: { type: Number, required: true, default: 0 },
      callbackDueDate: { type: String, required: true },
      callbackDueAt: { type: Date, required: true },
      rectifyDueDate: { type: String, required: true },
      rectifyDueAt: { type: Date, required: true },
      callbackOverdue: { type: Boolean, default: false },
      rectifyOverdue: { type: Boolean, default: false },
      assigneeId: String,
      assigneeName: String,
      callback: {
        type: new Schema(
          { reached: Boolean, note: String, at: Date, by: String, onTime: Boolean },
          { _id: false },
        ),
        required: false,
      },
      rectification: {
        type: new Schema(
          {
            problem: String,
            actions: String,
            evidence: [evidenceSchema],
            at: Date,
            by: String,
            onTime: Boolean,
          },
          { _id: false },
        ),
        required: false,
      },
      pendingEvidence: { type: [evidenceSchema], default: [] },
      reRating: {
        type: new Schema({ ratingId: Schema.Types.ObjectId, level: String, at: Date }, { _id: false }),
        required: false,
      },
    },
    { collection: 'rectifications', timestamps: true, versionKey: false },
  ),
);
schema.index({ ratingId: 1 }, { unique: true, name: 'uniq_rating' });
schema.index({ department: 1, status: 1, callbackDueDate: 1 });
schema.index({ status: 1, createdAt: -1 });
// 督查 figures: rectifications opened in a period.
schema.index({ createdAt: 1 });

export type RectificationModel = Model<RectificationRecord>;
export function rectificationModel(connection: Connection): RectificationModel {
  return (
    (connection.models.Rectification as RectificationModel) ??
    connection.model<RectificationRecord>('Rectification', schema)
  );
}
