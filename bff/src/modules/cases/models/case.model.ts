import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { withOutbox, type OutboxEntryRecord } from '../../notifications/models/outbox-entry.model';
import type {
  CaseEventKind,
  CaseMaterialState,
  CaseOutcome,
  CaseStatus,
  CaseTaskStatus,
  CorrectionItem,
  DeliveryMethod,
  PostalAddress,
  Role,
  TripSource,
} from '@app/shared';
import { withStatsMark } from '../../supervision/stats-changes';

/**
 * One application (办件), stored whole in one document: its timeline, parallel tasks, trips, materials
 * and pauses are embedded, so every state change is ONE conditional single-document update
 * (`{_id, status, version}` → `$set`, `$push`, `$inc`) and two people acting at once cannot both win.
 */
export interface CaseActorRecord {
  userId?: string;
  role: Role | 'system';
  department?: string;
  /** Staff name as on their badge; masked in every view but staff's own. */
  name?: string;
}

export interface CaseEventRecord {
  at: Date;
  kind: CaseEventKind;
  from?: CaseStatus;
  to?: CaseStatus;
  actor: CaseActorRecord;
  note?: string;
  /** Parallel task concerned, for `task_updated`. */
  taskDepartment?: string;
}

export interface CaseTaskRecord {
  _id: Types.ObjectId;
  department: string;
  status: CaseTaskStatus;
  outcome?: CaseOutcome;
  limitDays: number;
  /** China local date, last day of the task's limit. */
  dueDate: string;
  updatedAt?: Date;
}

export interface CaseFileRecord {
  fileId: Types.ObjectId;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: Date;
}

export interface CaseMaterialRecord {
  name: string;
  requirement: string;
  state: CaseMaterialState;
  files: CaseFileRecord[];
}

export interface CaseTripRecord {
  at: Date;
  source: TripSource;
  hallCode?: string;
  staffId?: string;
  appointmentId?: string;
  note?: string;
}

export interface CasePauseRecord {
  /** China local dates, both inclusive (the calendar's Pause). */
  from: string;
  to: string;
}

export interface CaseRecord {
  _id: Types.ObjectId;
  number: string;
  itemCode: string;
  itemName: string;
  /** Lead department (the item's). */
  department: string;
  /** The item's halls: their staff record trips and hand results out. */
  halls: string[];
  maxTrips: number;
  promisedLimitDays: number;
  applicantId: string;
  applicantNameMasked?: string;
  enterpriseId?: string;
  /** 申报主体: the enterprise's name and credit code as they were when the case was filed. */
  enterpriseName?: string;
  enterpriseCreditCode?: string;
  /** Keyed hashes for the public progress query (case number + answer): never the answers. */
  verify: { nameHashes: string[]; idLast4Hash?: string };
  status: CaseStatus;
  version: number;
  formFields: Record<string, string>;
  materials: CaseMaterialRecord[];
  corrections: CorrectionItem[];
  tasks: CaseTaskRecord[];
  trips: CaseTripRecord[];
  timeline: CaseEventRecord[];
  acceptedDate?: string;
  /** Set while the clock is stopped for 补正 (China date the notice went out). */
  openPauseFrom?: string;
  pauses: CasePauseRecord[];
  /** Case due date (China date); unset before 受理 and while paused. */
  dueDate?: string;
  outcome?: CaseOutcome;
  rejectionReason?: string;
  delivery?: {
    method: DeliveryMethod;
    address?: PostalAddress;
    trackingNumber?: string;
    carrier?: string;
    deliveredAt?: Date;
  };
  submittedAt: Date;
  /** China date of 办结 (set by the `complete` step): the 督查 figures' period of a closed case. */
  closedDate?: string;
  /**
   * Working days from the day after 受理 to 办结, less the 补正 pauses (calendar's
   * processingWorkingDays), fixed at 办结 with the calendar of that day: the 督查 processing-time
   * figure groups by it instead of computing it per case.
   */
  processingDays?: number;
  /** Subscribe messages written with the change they follow from, until relayed (notifications' outbox). */
  outbox?: OutboxEntryRecord[];
  createdAt: Date;
  updatedAt: Date;
}

const actorSchema = new Schema(
  { userId: String, role: { type: String, required: true }, department: String, name: String },
  { _id: false },
);

const caseSchema = new Schema<CaseRecord>(
  {
    number: { type: String, required: true },
    itemCode: { type: String, required: true },
    itemName: { type: String, required: true },
    department: { type: String, required: true },
    halls: { type: [String], default: [] },
    maxTrips: { type: Number, required: true },
    promisedLimitDays: { type: Number, required: true },
    applicantId: { type: String, required: true },
    applicantNameMasked: String,
    enterpriseId: String,
    enterpriseName: String,
    enterpriseCreditCode: String,
    verify: { nameHashes: [String], idLast4Hash: String },
    status: { type: String, required: true },
    version: { type: Number, required: true, default: 0 },
    formFields: { type: Schema.Types.Mixed, default: {} },
    materials: [
      new Schema(
        {
          name: String,
          requirement: String,
          state: String,
          files: [
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
        },
        { _id: false },
      ),
    ],
    corrections: [new Schema({ index: Number, name: String, reason: String }, { _id: false })],
    tasks: [
      new Schema({
        department: String,
        status: String,
        outcome: String,
        limitDays: Number,
        dueDate: String,
        updatedAt: Date,
      }),
    ],
    trips: [
      new Schema(
        { at: Date, source: String, hallCode: String, staffId: String, appointmentId: String, note: String },
        { _id: false },
      ),
    ],
    timeline: [
      new Schema(
        {
          at: Date,
          kind: String,
          from: String,
          to: String,
          actor: actorSchema,
          note: String,
          taskDepartment: String,
        },
        { _id: false },
      ),
    ],
    acceptedDate: String,
    openPauseFrom: String,
    pauses: [new Schema({ from: String, to: String }, { _id: false })],
    dueDate: String,
    outcome: String,
    rejectionReason: String,
    delivery: {
      type: new Schema(
        {
          method: String,
          address: { recipient: String, phone: String, address: String },
          trackingNumber: String,
          carrier: String,
          deliveredAt: Date,
        },
        { _id: false },
      ),
      required: false,
    },
    submittedAt: { type: Date, required: true },
    closedDate: String,
    processingDays: Number,
  },
  { collection: 'cases', timestamps: true, versionKey: false, minimize: false },
);

caseSchema.index({ number: 1 }, { unique: true });
caseSchema.index({ applicantId: 1, submittedAt: -1 });
caseSchema.index({ enterpriseId: 1, submittedAt: -1 }, { sparse: true });
caseSchema.index({ department: 1, status: 1, dueDate: 1 });
caseSchema.index({ 'tasks.department': 1, status: 1 });
caseSchema.index({ 'tasks._id': 1 });
// 督查 figures: cases received / closed in a period (by department).
caseSchema.index({ submittedAt: 1, department: 1 });
caseSchema.index({ closedDate: 1, department: 1 });
caseSchema.index({ acceptedDate: 1, department: 1 });
// 督查 overdue now: open cases (a few hundred of a year's 200,000) by status and due date, any department.
caseSchema.index({ status: 1, dueDate: 1 });
withOutbox(caseSchema);
withStatsMark(caseSchema);

export type CaseModel = Model<CaseRecord>;

export function caseModel(connection: Connection): CaseModel {
  return (connection.models.Case as CaseModel) ?? connection.model<CaseRecord>('Case', caseSchema);
}

/** Per-item settings of this module: the departments that always get a parallel task (并联审批). */
export interface CaseItemSettingsRecord {
  itemCode: string;
  coDepartments: Array<{ department: string; limitDays?: number }>;
}

const itemSettingsSchema = new Schema<CaseItemSettingsRecord>(
  {
    itemCode: { type: String, required: true },
    coDepartments: [new Schema({ department: String, limitDays: Number }, { _id: false })],
  },
  { collection: 'case_item_settings', versionKey: false },
);
itemSettingsSchema.index({ itemCode: 1 }, { unique: true });

export function caseItemSettingsModel(connection: Connection): Model<CaseItemSettingsRecord> {
  return (
    (connection.models.CaseItemSettings as Model<CaseItemSettingsRecord>) ??
    connection.model<CaseItemSettingsRecord>('CaseItemSettings', itemSettingsSchema)
  );
}
