import { z } from 'zod';
import { pagedSchema, pageQuerySchema } from '../common/pagination';
import { codeSchema, freeFormRecord, humanText, optionalHumanText } from '../common/text';
import { itemCodeSchema } from '../catalog/schemas';
import { revealedIdentitySchema } from '../users/schemas';
import {
  CASE_NUMBER_PATTERN,
  caseEventKindSchema,
  caseMaterialStateSchema,
  caseOutcomeSchema,
  caseStatusSchema,
  caseTaskStatusSchema,
  deliveryMethodSchema,
  tripSourceSchema,
} from './enums';

const objectId = (label: string) => z.string().regex(/^[0-9a-f]{24}$/, `${label}格式不正确`);

export const caseIdParamsSchema = z.object({ id: objectId('办件编号') });
export const caseFileParamsSchema = z.object({ id: objectId('办件编号'), fileId: objectId('文件编号') });
export const caseTaskParamsSchema = z.object({ taskId: objectId('任务编号') });

/** Notes, reasons and names people type: one text rule (no control or bidi characters). */
const note = optionalHumanText({ label: '备注', max: 500, multiline: true });

// ---------- applicant requests ----------

export const createCaseRequestSchema = z
  .object({
    itemCode: itemCodeSchema,
    /** Apply for this enterprise (the caller must be an active member); omitted = for oneself. */
    onBehalfOf: objectId('企业编号').optional(),
    /** Form fields from the guide (short texts). */
    formFields: freeFormRecord({ label: '表单', maxKeys: 50, keyMax: 50, valueMax: 1000 }).optional(),
  })
  .strict();
export type CreateCaseRequest = z.infer<typeof createCaseRequestSchema>;

export const myCasesQuerySchema = pageQuerySchema.extend({
  status: caseStatusSchema.optional(),
  /** 我的办件 filter: `self` = 本人 (personal cases), an enterprise id = that enterprise's; omitted = all. */
  party: z.union([z.literal('self'), objectId('企业编号')]).optional(),
});
export type MyCasesQuery = z.infer<typeof myCasesQuerySchema>;

export const withdrawRequestSchema = z
  .object({ reason: optionalHumanText({ label: '撤回原因', max: 500, multiline: true }) })
  .strict();
export const resubmitRequestSchema = z.object({ note: note.optional() }).strict();
export const waiveMaterialRequestSchema = z
  .object({ index: z.number().int('材料序号须为整数').min(0, '材料序号不正确').max(199) })
  .strict();

export const postalAddressSchema = z
  .object({
    recipient: humanText({ label: '收件人', max: 50 }),
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, '联系电话格式不正确'),
    address: humanText({ label: '详细地址', min: 5, max: 200 }),
  })
  .strict();
export type PostalAddress = z.infer<typeof postalAddressSchema>;

export const chooseDeliveryRequestSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pickup') }).strict(),
  z.object({ method: z.literal('post'), address: postalAddressSchema }).strict(),
]);
export type ChooseDeliveryRequest = z.infer<typeof chooseDeliveryRequestSchema>;

// ---------- staff requests ----------

export const correctionItemSchema = z
  .object({
    /** Index of the material in the case's checklist, when the item is one of the guide's materials. */
    index: z.number().int().min(0).max(199).optional(),
    name: humanText({ label: '缺少的材料', max: 200, requiredMessage: '请写明缺少的材料' }),
    reason: humanText({ label: '补正原因', max: 500, multiline: true, requiredMessage: '请写明补正原因' }),
  })
  .strict();
export type CorrectionItem = z.infer<typeof correctionItemSchema>;

export const prereviewRequestSchema = z.discriminatedUnion('result', [
  z.object({ result: z.literal('pass'), note: note.optional() }).strict(),
  z
    .object({
      result: z.literal('needs_correction'),
      items: z.array(correctionItemSchema).min(1, '请列出需要补正的材料').max(50),
      note: note.optional(),
    })
    .strict(),
]);
export type PrereviewRequest = z.infer<typeof prereviewRequestSchema>;

export const correctionRequestSchema = z
  .object({
    items: z.array(correctionItemSchema).min(1, '请列出需要补正的材料').max(50),
    note: note.optional(),
  })
  .strict();

const departmentCode = codeSchema('部门编码');

export const acceptRequestSchema = z
  .object({
    /** Parallel tasks (并联审批) for other departments, besides the item's configured ones. */
    coDepartments: z
      .array(
        z
          .object({
            department: departmentCode,
            limitDays: z.number().int().min(1, '时限至少 1 个工作日').max(365).optional(),
          })
          .strict(),
      )
      .max(20)
      .optional(),
    note: note.optional(),
  })
  .strict();
export type AcceptRequest = z.infer<typeof acceptRequestSchema>;

export const rejectRequestSchema = z
  .object({
    legalReason: humanText({
      label: '不予受理的法律依据和理由',
      min: 2,
      max: 1000,
      multiline: true,
      requiredMessage: '请写明不予受理的法律依据和理由',
    }),
    note: note.optional(),
  })
  .strict();
export const startRequestSchema = z.object({ note: note.optional() }).strict();
export const completeRequestSchema = z.object({ outcome: caseOutcomeSchema, note: note.optional() }).strict();

export const deliverRequestSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('pickup'), note: note.optional() }).strict(),
  z
    .object({
      method: z.literal('post'),
      trackingNumber: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9-]{6,40}$/, '快递单号格式不正确'),
      carrier: optionalHumanText({ label: '快递公司', max: 30 }),
      note: note.optional(),
    })
    .strict(),
]);
export type DeliverRequest = z.infer<typeof deliverRequestSchema>;

export const recordTripRequestSchema = z
  .object({ hallCode: codeSchema('大厅编码').optional(), note: note.optional() })
  .strict();

export const updateTaskRequestSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('in_progress'), note: note.optional() }).strict(),
  z.object({ status: z.literal('done'), outcome: caseOutcomeSchema, note: note.optional() }).strict(),
]);
export type UpdateTaskRequest = z.infer<typeof updateTaskRequestSchema>;

export const STAFF_QUEUES = ['prereview', 'working', 'tasks', 'delivery'] as const;
export const staffCasesQuerySchema = pageQuerySchema.extend({
  queue: z.enum(STAFF_QUEUES).default('prereview'),
  sort: z.enum(['deadline', 'submitted']).default('deadline'),
});
export type StaffCasesQuery = z.infer<typeof staffCasesQuerySchema>;

// ---------- public progress query ----------

export const caseNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(CASE_NUMBER_PATTERN, '办件编号格式应为 JX-YYYYMMDD-000123');

export const progressQueryRequestSchema = z
  .object({
    caseNumber: caseNumberSchema,
    applicantName: optionalHumanText({ label: '申请人姓名', max: 100 }),
    idLast4: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^\d{3}[\dX]$/, '请填写身份证号后 4 位')
      .optional(),
  })
  .strict()
  .refine((v) => (v.applicantName === undefined) !== (v.idLast4 === undefined), {
    message: '请填写申请人姓名或身份证号后 4 位（二选一）',
    path: ['applicantName'],
  });
export type ProgressQueryRequest = z.infer<typeof progressQueryRequestSchema>;

// ---------- views ----------

export const caseActorSchema = z.object({
  role: z.string(),
  roleLabel: z.string(),
  department: z.string().optional(),
  /** Staff names are masked for the public and for applicants (工号 in the hall is what counts). */
  name: z.string().optional(),
});

export const caseEventSchema = z.object({
  at: z.string(),
  kind: caseEventKindSchema,
  label: z.string(),
  from: caseStatusSchema.optional(),
  to: caseStatusSchema.optional(),
  actor: caseActorSchema,
  note: z.string().optional(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

export const caseTaskViewSchema = z.object({
  id: z.string(),
  department: z.string(),
  departmentName: z.string(),
  status: caseTaskStatusSchema,
  statusLabel: z.string(),
  outcome: caseOutcomeSchema.optional(),
  limitDays: z.number().int(),
  dueDate: z.string(),
  /** The due date counts days of a year whose holiday notice is not out yet: shown as 预计. */
  dueDateProvisional: z.boolean().optional(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  updatedAt: z.string().optional(),
});
export type CaseTaskView = z.infer<typeof caseTaskViewSchema>;

export const caseTripViewSchema = z.object({
  at: z.string(),
  source: tripSourceSchema,
  hallCode: z.string().optional(),
  note: z.string().optional(),
});

export const caseFileViewSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
  /** `/api/cases/:id/materials/:fileId`: only behind the case's access policy. */
  url: z.string(),
});

export const caseMaterialViewSchema = z.object({
  index: z.number().int(),
  name: z.string(),
  requirement: z.string(),
  state: caseMaterialStateSchema,
  stateLabel: z.string(),
  files: z.array(caseFileViewSchema),
});

export const caseDeadlineSchema = z.object({
  limitDays: z.number().int(),
  startDate: z.string().optional(),
  /** Null while the clock is stopped for 补正, or before 受理. */
  dueDate: z.string().nullable(),
  /** The due date counts days of a year whose holiday notice is not out yet: shown as 预计. */
  dueDateProvisional: z.boolean().optional(),
  paused: z.boolean(),
  pausedWorkingDays: z.number().int(),
  pauses: z.array(z.object({ from: z.string(), to: z.string().optional() })),
  remainingWorkingDays: z.number().int().nullable(),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
});

export const caseTripsSchema = z.object({
  taken: z.number().int(),
  allowed: z.number().int(),
  met: z.boolean(),
  trips: z.array(caseTripViewSchema),
});

/** The enterprise a case is filed for (申报主体): credit code masked in lists. */
export const caseEnterpriseSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCodeMasked: z.string(),
});

export const caseSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  itemCode: z.string(),
  itemName: z.string(),
  department: z.string(),
  /** The lead department's name (people read names, never codes). */
  departmentName: z.string(),
  enterprise: caseEnterpriseSchema.optional(),
  status: caseStatusSchema,
  statusLabel: z.string(),
  applicantName: z.string().optional(),
  enterpriseId: z.string().optional(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  dueDate: z.string().nullable(),
  /** The due date counts days of a year whose holiday notice is not out yet: shown as 预计. */
  dueDateProvisional: z.boolean().optional(),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
  tripsTaken: z.number().int(),
  maxTrips: z.number().int(),
  openTasks: z.array(z.string()),
  /** Names of the departments with open parallel tasks (same order as `openTasks`). */
  openTaskNames: z.array(z.string()),
  /**
   * Staff queue `tasks` only: the caller's department's open parallel tasks on this case (their ids),
   * to open with `GET/POST /api/staff/case-tasks/:taskId` (task-department staff may not read the case).
   */
  myTaskIds: z.array(z.string()).optional(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseDetailSchema = caseSummarySchema.extend({
  version: z.number().int(),
  formFields: z.record(z.string(), z.string()),
  outcome: caseOutcomeSchema.optional(),
  rejectionReason: z.string().optional(),
  corrections: z.array(correctionItemSchema),
  deadline: caseDeadlineSchema,
  tasks: z.array(caseTaskViewSchema),
  trips: caseTripsSchema,
  materials: z.array(caseMaterialViewSchema),
  missing: z.array(z.object({ index: z.number().int(), name: z.string() })),
  delivery: z
    .object({
      method: deliveryMethodSchema,
      address: postalAddressSchema.optional(),
      trackingNumber: z.string().optional(),
      carrier: z.string().optional(),
      deliveredAt: z.string().optional(),
    })
    .optional(),
  timeline: z.array(caseEventSchema),
  /** Who still works on the case: the lead department and parallel departments with open tasks. */
  stillWorking: z.array(z.string()),
  stillWorkingNames: z.array(z.string()),
  /** The enterprise's full credit code (the applicant's members and staff see it). */
  enterpriseCreditCode: z.string().optional(),
  /** 容缺后补: waived materials still owed, to be supplied after 受理 until 办结. */
  owed: z.array(z.object({ index: z.number().int(), name: z.string() })),
  /** By when the owed materials are due (the case's due date; null before 受理 or while paused). */
  owedBy: z.string().nullable(),
  /** Actions the caller could take now (the client shows buttons from this). */
  allowedActions: z.array(z.string()),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseListResponseSchema = pagedSchema(caseSummarySchema);
export type CaseListResponse = z.infer<typeof caseListResponseSchema>;

export const progressQueryResponseSchema = z.object({
  number: z.string(),
  itemName: z.string(),
  status: caseStatusSchema,
  statusLabel: z.string(),
  applicantName: z.string(),
  enterpriseName: z.string().optional(),
  enterpriseCreditCodeMasked: z.string().optional(),
  /** Names of the departments still working on the case (no staff names). */
  stillWorking: z.array(z.string()),
  submittedAt: z.string(),
  dueDate: z.string().nullable(),
  /** The due date counts days of a year whose holiday notice is not out yet: shown as 预计. */
  dueDateProvisional: z.boolean().optional(),
  timeline: z.array(
    z.object({ at: z.string(), label: z.string(), actor: z.string(), department: z.string().optional() }),
  ),
});
export type ProgressQueryResponse = z.infer<typeof progressQueryResponseSchema>;

export const overdueStatsResponseSchema = z.object({
  asOf: z.string(),
  total: z.object({ active: z.number().int(), overdue: z.number().int(), dueSoon: z.number().int() }),
  departments: z.array(
    z.object({
      department: z.string(),
      active: z.number().int(),
      overdue: z.number().int(),
      dueSoon: z.number().int(),
      overdueTasks: z.number().int(),
    }),
  ),
});
export type OverdueStatsResponse = z.infer<typeof overdueStatsResponseSchema>;

export const uploadMaterialResponseSchema = z.object({
  material: caseMaterialViewSchema,
  file: caseFileViewSchema,
});

/**
 * `POST /api/cases/:id/applicant-identity` (staff handling the case): the applicant's full name and the
 * last digits of the ID number, to verify the person at the window. Shown behind an explicit tap;
 * every reveal is audited. Lists stay masked.
 */
export const caseApplicantIdentitySchema = revealedIdentitySchema;
export type CaseApplicantIdentity = z.infer<typeof caseApplicantIdentitySchema>;
