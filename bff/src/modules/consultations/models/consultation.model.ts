import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { ConsultationEventKind, ConsultationStatus, Role } from '@app/shared';
import { withOutbox, type OutboxEntryRecord } from '../../notifications';
import { withStatsMark } from '../../supervision/stats-changes';

/**
 * One consultation (咨询), stored whole in one document: its thread (events), pictures and clock are
 * embedded, so every state change is ONE conditional single-document update
 * (`{_id, status, version}` → `$set`, `$push`, `$inc`), and what must follow (the subscribe message
 * of an answer, the overdue job, withdrawing a moved one) rides in the same update as outbox entries.
 */
export interface ConsultationActorRecord {
  userId?: string;
  role: Role | 'system';
  department?: string;
  /** Staff name; masked for the person. */
  name?: string;
}

export interface ConsultationEventRecord {
  at: Date;
  kind: ConsultationEventKind;
  actor: ConsultationActorRecord;
  text?: string;
  links?: string[];
  fromDepartment?: string;
  toDepartment?: string;
  duplicateOf?: string;
  round?: number;
}

export interface ConsultationPictureRecord {
  fileId: Types.ObjectId;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: Date;
}

/** The clock of the current round (working days; paused while waiting for the person). */
export interface ConsultationClockRecord {
  /** China local date the round was asked; counting starts the next working day. */
  start: string;
  limitDays: number;
  pauses: Array<{ from: string; to: string }>;
  openPauseFrom?: string;
  /** Closures of the item's hall counted with the statutory calendar (闭厅), when an item names one. */
  hallCode?: string;
}

export interface ConsultationRecord {
  _id: Types.ObjectId;
  number: string;
  askerId: string;
  enterpriseId?: string;
  title: string;
  question: string;
  callBack: boolean;
  itemCode?: string;
  itemName?: string;
  /** Where it sits now; absent = the hall's 综合咨询窗口 (staff with the consultation_desk duty). */
  department?: string;
  /** Every department it sat with (read-only access once it moved on). */
  departments: string[];
  /** It sat with the 综合咨询 desk (asked with 不清楚): desk staff keep read-only access after a transfer. */
  viaDesk?: boolean;
  status: ConsultationStatus;
  version: number;
  claimedBy?: string;
  /** Follow-up rounds asked so far (0–3). */
  round: number;
  clock: ConsultationClockRecord;
  /** Last day of the current round's limit (inclusive); absent while paused or not running. */
  dueDate?: string;
  /** The instant it becomes overdue (the day after dueDate, 00:00 China time). */
  dueAt?: Date;
  /** Set by the overdue job for the current round; cleared when a new round starts. */
  overdue: boolean;
  /** The overdue job's id for the current dueAt (to withdraw it when the due date moves). */
  overdueJobId?: string;
  pictures: ConsultationPictureRecord[];
  events: ConsultationEventRecord[];
  /** Who answered last and when (ratings rate answered consultations by staff). */
  answeredBy?: string;
  answeredAt?: Date;
  firstAnsweredAt?: Date;
  duplicateOf?: string;
  idempotencyKey?: string;
  askedAt: Date;
  outbox?: OutboxEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema<ConsultationActorRecord>(
  { userId: String, role: { type: String, required: true }, department: String, name: String },
  { _id: false },
);

const eventSchema = new Schema<ConsultationEventRecord>(
  {
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    actor: { type: actorSchema, required: true },
    text: String,
    links: { type: [String], default: undefined },
    fromDepartment: String,
    toDepartment: String,
    duplicateOf: String,
    round: Number,
  },
  { _id: false },
);

const consultationSchema = withOutbox(
  new Schema<ConsultationRecord>(
    {
      number: { type: String, required: true },
      askerId: { type: String, required: true },
      enterpriseId: String,
      title: { type: String, required: true },
      question: { type: String, required: true },
      callBack: { type: Boolean, default: false },
      itemCode: String,
      itemName: String,
      department: String,
      departments: { type: [String], default: [] },
      viaDesk: Boolean,
      status: { type: String, required: true },
      version: { type: Number, default: 0 },
      claimedBy: String,
      round: { type: Number, default: 0 },
      clock: {
        type: new Schema(
          {
            start: String,
            limitDays: Number,
            pauses: [new Schema({ from: String, to: String }, { _id: false })],
            openPauseFrom: String,
            hallCode: String,
          },
          { _id: false },
        ),
        required: true,
      },
      dueDate: String,
      dueAt: Date,
      overdue: { type: Boolean, default: false },
      overdueJobId: String,
      pictures: [
        new Schema(
          {
            fileId: Schema.Types.ObjectId,
            filename: String,
            contentType: String,
            size: Number,
            uploadedAt: Date,
          },
          { _id: false },
        ),
      ],
      events: [eventSchema],
      answeredBy: String,
      answeredAt: Date,
      firstAnsweredAt: Date,
      duplicateOf: String,
      idempotencyKey: String,
      askedAt: { type: Date, required: true },
    },
    { collection: 'consultations', timestamps: true, versionKey: false, minimize: false },
  ),
);

consultationSchema.index({ number: 1 }, { unique: true });
consultationSchema.index({ askerId: 1, idempotencyKey: 1 }, { unique: true, sparse: true });
consultationSchema.index({ askerId: 1, askedAt: -1 });
consultationSchema.index({ enterpriseId: 1, askedAt: -1 }, { sparse: true });
consultationSchema.index({ department: 1, status: 1, dueAt: 1 });
// 督查 figures: consultations asked in a period.
consultationSchema.index({ askedAt: 1 });
withStatsMark(consultationSchema);

export type ConsultationModel = Model<ConsultationRecord>;

export function consultationModel(connection: Connection): ConsultationModel {
  return (
    (connection.models.Consultation as ConsultationModel) ??
    connection.model<ConsultationRecord>('Consultation', consultationSchema)
  );
}

/** Per-department answer limit (working days); absent → CONSULTATION_DEFAULT_LIMIT_DAYS. */
export interface ConsultationSettingsRecord {
  department: string;
  limitDays: number;
}

const settingsSchema = new Schema<ConsultationSettingsRecord>(
  { department: { type: String, required: true }, limitDays: { type: Number, required: true } },
  { collection: 'consultation_settings', versionKey: false },
);
settingsSchema.index({ department: 1 }, { unique: true });

export function consultationSettingsModel(connection: Connection): Model<ConsultationSettingsRecord> {
  return (
    (connection.models.ConsultationSettings as Model<ConsultationSettingsRecord>) ??
    connection.model<ConsultationSettingsRecord>('ConsultationSettings', settingsSchema)
  );
}
