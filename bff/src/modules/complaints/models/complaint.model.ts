import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type {
  ComplaintEventKind,
  ComplaintKind,
  ComplaintRejectReason,
  ComplaintStatus,
  ComplaintSubjectKind,
  FollowupMethod,
  FollowupVerdict,
  Role,
} from '@app/shared';
import { withOutbox, type OutboxEntryRecord } from '../../notifications';

/**
 * One complaint, suggestion or report, stored whole in one document (timeline, follow-up attempts,
 * co-department parts, 督办 notes embedded), so each step is ONE conditional single-document update
 * (`{_id, status, version}`) and two staff acting at once cannot both win. Messages and deadline jobs
 * ride in the same update through the outbox.
 *
 * The person's identity (`filerId`, `contact`, `enterpriseId`) never leaves the BFF except through
 * the views' rules (complaint-views.ts): for a 举报 the handling department never gets it.
 */
export interface ComplaintActorRecord {
  role: Role | 'system';
  /** The staff member (never the person who filed it: their events carry no id). */
  userId?: string;
  /** Which hat they wore: desk / handler / followup / supervisor / filer / system. */
  as: string;
  department?: string;
  name?: string;
}

export interface ComplaintEventRecord {
  at: Date;
  kind: ComplaintEventKind;
  actor: ComplaintActorRecord;
  note?: string;
}

export interface ComplaintSubjectRecord {
  kind: ComplaintSubjectKind;
  label: string;
  /** The label without anything that points at the person (no case number, no booking time): 举报 views. */
  safeLabel?: string;
  /** Case or appointment id. */
  refId?: string;
  /** Item or hall code. */
  code?: string;
  itemCode?: string;
  /** The department the subject belongs to, when known (repeat detection, the desk's suggestion). */
  department?: string;
}

export interface ComplaintContactRecord {
  name: string;
  phoneEnc?: string;
  phoneMasked?: string;
  enterpriseName?: string;
}

export interface ComplaintAttachmentRecord {
  fileId: Types.ObjectId;
  filename: string;
  contentType: string;
  size: number;
}

export interface CoDepartmentRecord {
  department: string;
  part?: string;
  at?: Date;
}

export interface FollowupAttemptRecord {
  at: Date;
  /** China date of the attempt: three failures must fall on different working days. */
  date: string;
  method: FollowupMethod;
  reached: boolean;
  verdict?: FollowupVerdict;
  note?: string;
  /** The 重办 round it belongs to (attempts count per round). */
  round: number;
  by: string;
}

export interface SupervisionRecord {
  _id: Types.ObjectId;
  note: string;
  at: Date;
  by: string;
  answer?: string;
  answeredAt?: Date;
}

export interface ComplaintRecord {
  _id: Types.ObjectId;
  number: string;
  kind: ComplaintKind;
  status: ComplaintStatus;
  version: number;
  filerId: string;
  enterpriseId?: string;
  anonymous: boolean;
  contact?: ComplaintContactRecord;
  /** `<filerId>|<Idempotency-Key>`: a retried submission answers the first one. */
  idemKey: string;
  subject: ComplaintSubjectRecord;
  description: string;
  wish?: string;
  attachments: ComplaintAttachmentRecord[];
  filedAt: Date;
  filedDate: string;
  acceptedDate?: string;
  limitDays?: number;
  /** Where the running clock started (受理, or the day of a 重办) and which round it is (0, then +1 per 重办). */
  clockStart?: string;
  round: number;
  dueDate?: string;
  rejection?: { reason: ComplaintRejectReason; note: string };
  leadDepartment?: string;
  coDepartments: CoDepartmentRecord[];
  returns: Array<{ department: string; reason: string; at: Date }>;
  extension?: {
    days: number;
    reason: string;
    status: 'requested' | 'approved' | 'refused';
    note?: string;
    department: string;
  };
  result?: string;
  reply?: string;
  repliedAt?: Date;
  feedback?: { solved: boolean; note?: string; at: Date };
  followups: FollowupAttemptRecord[];
  verdict?: FollowupVerdict;
  redoCount: number;
  escalated: boolean;
  supervisions: SupervisionRecord[];
  repeatOf?: Types.ObjectId;
  repeatOfNumber?: string;
  /** Set by the 80% and overdue jobs for the due date they were scheduled for. */
  warnedFor?: string;
  overdueFor?: string;
  closedAt?: Date;
  /** The ratings issue: set when the person rated it (one rating per complaint). */
  ratedAt?: Date;
  timeline: ComplaintEventRecord[];
  outbox?: OutboxEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema(
  { role: String, userId: String, as: String, department: String, name: String },
  { _id: false },
);

const complaintSchema = withOutbox(
  new Schema<ComplaintRecord>(
    {
      number: { type: String, required: true },
      kind: { type: String, required: true },
      status: { type: String, required: true },
      version: { type: Number, required: true, default: 0 },
      filerId: { type: String, required: true },
      enterpriseId: String,
      anonymous: { type: Boolean, default: false },
      contact: {
        type: new Schema(
          { name: String, phoneEnc: String, phoneMasked: String, enterpriseName: String },
          { _id: false },
        ),
        required: false,
      },
      idemKey: { type: String, required: true },
      subject: {
        type: new Schema(
          {
            kind: String,
            label: String,
            safeLabel: String,
            refId: String,
            code: String,
            itemCode: String,
            department: String,
          },
          { _id: false },
        ),
        required: true,
      },
      description: { type: String, required: true },
      wish: String,
      attachments: [
        new Schema(
          { fileId: Schema.Types.ObjectId, filename: String, contentType: String, size: Number },
          { _id: false },
        ),
      ],
      filedAt: { type: Date, required: true },
      filedDate: { type: String, required: true },
      acceptedDate: String,
      limitDays: Number,
      clockStart: String,
      round: { type: Number, default: 0 },
      dueDate: String,
      rejection: { type: new Schema({ reason: String, note: String }, { _id: false }), required: false },
      leadDepartment: String,
      coDepartments: [new Schema({ department: String, part: String, at: Date }, { _id: false })],
      returns: [new Schema({ department: String, reason: String, at: Date }, { _id: false })],
      extension: {
        type: new Schema(
          { days: Number, reason: String, status: String, note: String, department: String },
          { _id: false },
        ),
        required: false,
      },
      result: String,
      reply: String,
      repliedAt: Date,
      feedback: {
        type: new Schema({ solved: Boolean, note: String, at: Date }, { _id: false }),
        required: false,
      },
      followups: [
        new Schema(
          {
            at: Date,
            date: String,
            method: String,
            reached: Boolean,
            verdict: String,
            note: String,
            round: Number,
            by: String,
          },
          { _id: false },
        ),
      ],
      verdict: String,
      redoCount: { type: Number, default: 0 },
      escalated: { type: Boolean, default: false },
      supervisions: [new Schema({ note: String, at: Date, by: String, answer: String, answeredAt: Date })],
      repeatOf: Schema.Types.ObjectId,
      repeatOfNumber: String,
      warnedFor: String,
      overdueFor: String,
      closedAt: Date,
      ratedAt: Date,
      timeline: [new Schema({ at: Date, kind: String, actor: actorSchema, note: String }, { _id: false })],
    },
    { collection: 'complaints', timestamps: true, versionKey: false, minimize: false },
  ),
);

complaintSchema.index({ number: 1 }, { unique: true });
complaintSchema.index({ idemKey: 1 }, { unique: true });
complaintSchema.index({ filerId: 1, filedAt: -1 });
complaintSchema.index({ enterpriseId: 1, filedAt: -1 }, { sparse: true });
complaintSchema.index({ status: 1, dueDate: 1 });
complaintSchema.index({ leadDepartment: 1, status: 1, dueDate: 1 });
complaintSchema.index({ 'coDepartments.department': 1, status: 1 });
// 督查 figures: complaints filed in a period.
complaintSchema.index({ filedAt: 1 });

export type ComplaintModel = Model<ComplaintRecord>;

export function complaintModel(connection: Connection): ComplaintModel {
  return (
    (connection.models.Complaint as ComplaintModel) ??
    connection.model<ComplaintRecord>('Complaint', complaintSchema)
  );
}
