import { z } from 'zod';
import { humanText, codeSchema } from '../common/text';
import { pagedSchema, pageQuerySchema } from '../common/pagination';
import { localDateSchema } from '../calendar';
import {
  COMPLAINT_MAX_ATTACHMENTS,
  COMPLAINT_MAX_EXTENSION_DAYS,
  complaintKindSchema,
  complaintQueueSchema,
  complaintRejectReasonSchema,
  complaintStatusSchema,
  complaintSubjectKindSchema,
  followupMethodSchema,
  followupVerdictSchema,
} from './enums';

/** A request object that refuses unknown fields, saying so in Chinese. */
function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : undefined,
  });
}

const objectId = (label: string) =>
  z.string({ error: `${label}格式不正确` }).regex(/^[0-9a-f]{24}$/, `${label}格式不正确`);

export const complaintIdParamsSchema = z.object({ id: objectId('投诉编号') });
export const complaintFileParamsSchema = z.object({ id: objectId('投诉编号'), fileId: objectId('文件编号') });
export const complaintSupervisionParamsSchema = z.object({
  id: objectId('投诉编号'),
  supervisionId: objectId('督办编号'),
});

/** Staff writes carry the version they saw: a second person acting on the same version gets 409. */
const version = z.number({ error: '请提供当前版本号（version）' }).int().min(0);
/** An optional text: absent or blank both mean "not given" (the services ignore ''). */
const optionalText = (label: string, max: number) =>
  humanText({ label, min: 0, max, multiline: true }).optional();
const note = optionalText('备注', 500);

// ---------- the person ----------

export const complaintSubjectInputSchema = z.discriminatedUnion(
  'kind',
  [
    strictObject({ kind: z.literal('case'), id: objectId('办件编号') }),
    strictObject({ kind: z.literal('appointment'), id: objectId('预约编号') }),
    strictObject({ kind: z.literal('item'), code: codeSchema('事项编码') }),
    strictObject({ kind: z.literal('hall'), code: codeSchema('大厅编码') }),
    strictObject({ kind: z.literal('free'), text: humanText({ label: '投诉对象', max: 100 }) }),
  ],
  { error: '请选择投诉对象' },
);
export type ComplaintSubjectInput = z.infer<typeof complaintSubjectInputSchema>;

export const fileComplaintRequestSchema = strictObject({
  kind: complaintKindSchema,
  subject: complaintSubjectInputSchema,
  description: humanText({ label: '问题描述', min: 10, max: 2000, multiline: true }),
  wish: optionalText('诉求', 500),
  /** Ids from `POST /api/complaints/attachments`. */
  attachments: z
    .array(objectId('附件编号'))
    .max(COMPLAINT_MAX_ATTACHMENTS, `最多上传 ${COMPLAINT_MAX_ATTACHMENTS} 个附件`)
    .default([]),
  /** Only a 举报 may be anonymous: then nobody can call back (no 回访). */
  anonymous: z.boolean({ error: '匿名应为是或否' }).default(false),
  /** File for this enterprise (the caller must be an active member). */
  onBehalfOf: objectId('企业编号').optional(),
}).refine((b) => !b.anonymous || b.kind === 'report', {
  message: '只有举报可以匿名提交',
  path: ['anonymous'],
});
export type FileComplaintRequest = z.input<typeof fileComplaintRequestSchema>;

export const myComplaintsQuerySchema = pageQuerySchema.extend({ status: complaintStatusSchema.optional() });
export type MyComplaintsQuery = z.infer<typeof myComplaintsQuerySchema>;

export const complaintFeedbackRequestSchema = strictObject({
  solved: z.boolean({ error: '请选择问题是否已解决' }),
  note,
});

export const complaintAttachmentSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});
export type ComplaintAttachment = z.infer<typeof complaintAttachmentSchema>;

// ---------- staff ----------

export const staffComplaintsQuerySchema = pageQuerySchema.extend({
  duty: complaintQueueSchema.optional(),
  status: complaintStatusSchema.optional(),
  due: z.enum(['overdue', 'soon'], { error: '时限筛选只能是 overdue 或 soon' }).optional(),
});
export type StaffComplaintsQuery = z.infer<typeof staffComplaintsQuerySchema>;

export const acceptComplaintRequestSchema = strictObject({ version, note });
export const rejectComplaintRequestSchema = strictObject({
  version,
  reason: complaintRejectReasonSchema,
  /** Where to go instead, or why: the person sees it. */
  note: humanText({ label: '说明', max: 500, multiline: true }),
});
export const dispatchComplaintRequestSchema = strictObject({
  version,
  leadDepartment: codeSchema('承办部门'),
  coDepartments: z.array(codeSchema('协办部门')).max(5, '协办部门最多 5 个').default([]),
  /** Omitted: the kind's default limit in working days from 受理 (on re-dispatch the due date stays). */
  dueDate: localDateSchema.optional(),
  note,
}).refine((b) => !b.coDepartments.includes(b.leadDepartment), {
  message: '协办部门不能与承办部门相同',
  path: ['coDepartments'],
});
export const returnComplaintRequestSchema = strictObject({
  version,
  reason: humanText({ label: '退单理由', min: 2, max: 500, multiline: true }),
});
export const coPartRequestSchema = strictObject({
  version,
  part: humanText({ label: '协办意见', min: 2, max: 2000, multiline: true }),
});
export const extensionRequestSchema = strictObject({
  version,
  days: z
    .number({ error: '请填写延期天数' })
    .int('延期天数须为整数')
    .min(1, '延期至少 1 个工作日')
    .max(COMPLAINT_MAX_EXTENSION_DAYS, `延期最多 ${COMPLAINT_MAX_EXTENSION_DAYS} 个工作日`),
  reason: humanText({ label: '延期理由', min: 2, max: 500, multiline: true }),
});
export const extensionDecisionRequestSchema = strictObject({
  version,
  approve: z.boolean({ error: '请选择同意或不同意' }),
  note,
});
export const replyComplaintRequestSchema = strictObject({
  version,
  result: humanText({ label: '办理结果', min: 2, max: 2000, multiline: true }),
  reply: humanText({ label: '答复内容', min: 2, max: 2000, multiline: true }),
});
export const followupAttemptRequestSchema = z.discriminatedUnion(
  'reached',
  [
    strictObject({ version, method: followupMethodSchema, reached: z.literal(false), note }),
    strictObject({
      version,
      method: followupMethodSchema,
      reached: z.literal(true),
      verdict: followupVerdictSchema,
      note,
    }),
  ],
  { error: '请说明是否联系上' },
);
export type FollowupAttemptRequest = z.infer<typeof followupAttemptRequestSchema>;
export const superviseRequestSchema = strictObject({
  version,
  note: humanText({ label: '督办意见', min: 2, max: 1000, multiline: true }),
});
export const answerSupervisionRequestSchema = strictObject({
  version,
  answer: humanText({ label: '督办回复', min: 2, max: 1000, multiline: true }),
});
export const escalationDecisionRequestSchema = strictObject({
  version,
  decision: z.enum(['redo', 'close'], { error: '请选择重办或办结' }),
  note: humanText({ label: '督查意见', min: 2, max: 1000, multiline: true }),
});
export const revealContactRequestSchema = strictObject({
  reason: humanText({ label: '查看原因', min: 2, max: 200 }),
});

// ---------- answers ----------

export const complaintEventSchema = z.object({
  at: z.string(),
  kind: z.string(),
  label: z.string(),
  /** 群众 / 派单 / 承办部门名 / 回访 / 督查 / 系统: never the person's name. */
  actor: z.string(),
  note: z.string().optional(),
});

export const complaintFlagsSchema = z.object({
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  warned: z.boolean(),
  acceptLate: z.boolean(),
  repeat: z.boolean(),
  escalated: z.boolean(),
  supervised: z.boolean(),
  extensionPending: z.boolean(),
  returned: z.boolean(),
});

export const complaintListItemSchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: complaintKindSchema,
  status: complaintStatusSchema,
  statusLabel: z.string(),
  subjectLabel: z.string(),
  anonymous: z.boolean(),
  leadDepartment: z.string().optional(),
  leadDepartmentName: z.string().optional(),
  filedAt: z.string(),
  dueDate: z.string().optional(),
  redoCount: z.number().int(),
  flags: complaintFlagsSchema,
});
export type ComplaintListItem = z.infer<typeof complaintListItemSchema>;
export const complaintListResponseSchema = pagedSchema(complaintListItemSchema);
export type ComplaintListResponse = z.infer<typeof complaintListResponseSchema>;

export const complaintDetailSchema = complaintListItemSchema.extend({
  kindLabel: z.string(),
  subject: z.object({
    kind: complaintSubjectKindSchema,
    label: z.string(),
    id: z.string().optional(),
    code: z.string().optional(),
  }),
  description: z.string(),
  wish: z.string().optional(),
  attachments: z.array(complaintAttachmentSchema),
  /** Masked (name 张*, phone 138****5678); absent for department staff on a 举报 and for anonymous ones. */
  contact: z.object({ name: z.string(), phone: z.string().optional() }).optional(),
  acceptedDate: z.string().optional(),
  limitDays: z.number().int().optional(),
  rejection: z.object({ reason: z.string(), reasonLabel: z.string(), note: z.string() }).optional(),
  coDepartments: z.array(
    z.object({
      department: z.string(),
      name: z.string(),
      part: z.string().optional(),
      at: z.string().optional(),
    }),
  ),
  extension: z
    .object({
      days: z.number().int(),
      reason: z.string(),
      status: z.enum(['requested', 'approved', 'refused']),
      note: z.string().optional(),
    })
    .optional(),
  result: z.string().optional(),
  reply: z.string().optional(),
  repliedAt: z.string().optional(),
  feedback: z.object({ solved: z.boolean(), note: z.string().optional(), at: z.string() }).optional(),
  followups: z.array(
    z.object({
      date: z.string(),
      method: z.string(),
      reached: z.boolean(),
      verdict: z.string().optional(),
      note: z.string().optional(),
    }),
  ),
  verdict: followupVerdictSchema.optional(),
  supervisions: z.array(
    z.object({
      id: z.string(),
      note: z.string(),
      at: z.string(),
      answer: z.string().optional(),
      answeredAt: z.string().optional(),
    }),
  ),
  repeatOf: z.object({ id: z.string(), number: z.string() }).optional(),
  /** The ratings issue fills this in; after 办结 the person may rate once. */
  rating: z.object({ open: z.boolean(), rated: z.boolean() }),
  timeline: z.array(complaintEventSchema),
  version: z.number().int(),
  /** What the caller may do now (buttons). */
  actions: z.array(z.string()),
});
export type ComplaintDetail = z.infer<typeof complaintDetailSchema>;

export const complaintContactSchema = z.object({
  name: z.string(),
  phone: z.string().optional(),
  enterprise: z.string().optional(),
});
export type ComplaintContact = z.infer<typeof complaintContactSchema>;

export const complaintUploadResponseSchema = complaintAttachmentSchema;

export const complaintStatsResponseSchema = z.object({
  total: z.number().int(),
  open: z.number().int(),
  overdue: z.number().int(),
  repeat: z.number().int(),
  /** Share of complaints linked to an earlier one (0–1). */
  repeatRate: z.number(),
  byStatus: z.record(z.string(), z.number().int()),
});
export type ComplaintStats = z.infer<typeof complaintStatsResponseSchema>;

export const complaintSubjectsResponseSchema = z.object({
  cases: z.array(z.object({ id: z.string(), label: z.string() })),
  appointments: z.array(z.object({ id: z.string(), label: z.string() })),
});
export type ComplaintSubjects = z.infer<typeof complaintSubjectsResponseSchema>;
