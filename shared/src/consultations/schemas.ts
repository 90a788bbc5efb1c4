import { z } from 'zod';
import { pagedSchema, pageQuerySchema } from '../common/pagination';
import { codeSchema, humanText } from '../common/text';
import { itemCodeSchema } from '../catalog/schemas';
import {
  CONSULTATION_MAX_FOLLOW_UPS,
  consultationActionSchema,
  consultationEventKindSchema,
  consultationStatusSchema,
} from './enums';

const objectId = (label: string) => z.string().regex(/^[0-9a-f]{24}$/, `${label}格式不正确`);

export const consultationIdParamsSchema = z.object({ id: objectId('咨询编号') });
export const consultationFileParamsSchema = z.object({
  id: objectId('咨询编号'),
  fileId: objectId('图片编号'),
});

export const CONSULTATION_NUMBER_PATTERN = /^ZX-\d{8}-\d{6}$/;
export const consultationNumberSchema = z
  .string()
  .trim()
  .regex(CONSULTATION_NUMBER_PATTERN, '咨询编号格式应为 ZX-年月日-6位序号');

const question = humanText({ label: '问题', min: 10, max: 1000, multiline: true });

// ---------- the person ----------

export const askConsultationRequestSchema = z
  .object({
    title: humanText({ label: '标题', min: 2, max: 50 }),
    question,
    /** The item asked about (guide page 咨询此事项); its department is used unless one is given. */
    itemCode: itemCodeSchema.optional(),
    /** The department asked; omitted (不清楚) → the hall's 综合咨询窗口. */
    department: codeSchema('部门编码').optional(),
    /** The person agrees to a phone call back. */
    callBack: z.boolean({ error: '请选择是否同意电话回复' }).default(false),
    /** Ask on behalf of this enterprise (the caller must be an active member). */
    onBehalfOf: objectId('企业编号').optional(),
  })
  .strict();
export type AskConsultationRequest = z.infer<typeof askConsultationRequestSchema>;

export const myConsultationsQuerySchema = pageQuerySchema.extend({
  status: consultationStatusSchema.optional(),
});
export type MyConsultationsQuery = z.infer<typeof myConsultationsQuerySchema>;

export const followUpRequestSchema = z.object({ question }).strict();
export const provideInfoRequestSchema = z
  .object({ text: humanText({ label: '补充内容', min: 2, max: 1000, multiline: true }) })
  .strict();
export const resolveRequestSchema = z.object({}).strict();

// ---------- staff ----------

export const staffConsultationsQuerySchema = pageQuerySchema.extend({
  status: consultationStatusSchema.optional(),
  item: itemCodeSchema.optional(),
  overdue: z
    .enum(['true', 'false'], { error: 'overdue 只能是 true 或 false' })
    .transform((v) => v === 'true')
    .optional(),
});
export type StaffConsultationsQuery = z.infer<typeof staffConsultationsQuerySchema>;

const expectVersion = z.number().int().min(0).optional();

export const claimRequestSchema = z.object({ version: expectVersion }).strict();
export const answerRequestSchema = z
  .object({
    text: humanText({ label: '答复内容', min: 2, max: 2000, multiline: true }),
    /** Items of the catalog the answer points to. */
    links: z.array(itemCodeSchema).max(5, '最多关联 5 个事项').default([]),
    version: expectVersion,
  })
  .strict();
export const transferRequestSchema = z
  .object({
    department: codeSchema('部门编码'),
    reason: humanText({ label: '转办原因', min: 2, max: 200 }),
    version: expectVersion,
  })
  .strict();
export const requestInfoRequestSchema = z
  .object({
    text: humanText({ label: '需补充的内容', min: 2, max: 500, multiline: true }),
    version: expectVersion,
  })
  .strict();
export const closeDuplicateRequestSchema = z
  .object({ duplicateOf: consultationNumberSchema, version: expectVersion })
  .strict();

export const consultationSettingsParamsSchema = z.object({ department: codeSchema('部门编码') });
export const consultationSettingsRequestSchema = z
  .object({
    limitDays: z.number().int('时限须为整数').min(1, '时限至少 1 个工作日').max(30, '时限最多 30 个工作日'),
  })
  .strict();
export const consultationSettingsSchema = z.object({ department: z.string(), limitDays: z.number().int() });

// ---------- views ----------

export const consultationPictureSchema = z.object({
  id: z.string(),
  url: z.string(),
  contentType: z.string(),
  size: z.number().int(),
});

export const consultationEventSchema = z.object({
  kind: consultationEventKindSchema,
  at: z.string(),
  /** Staff names are masked for the person (张*), full for staff. */
  actorName: z.string().optional(),
  actorRole: z.string().optional(),
  text: z.string().optional(),
  links: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
  fromDepartment: z.string().optional(),
  toDepartment: z.string().optional(),
  duplicateOf: z.string().optional(),
  round: z.number().int().optional(),
});
export type ConsultationEvent = z.infer<typeof consultationEventSchema>;

export const consultationClockSchema = z.object({
  limitDays: z.number().int(),
  startDate: z.string(),
  dueDate: z.string().nullable(),
  /** The due date counts days of a year whose holiday notice is not out yet: shown as 预计. */
  dueDateProvisional: z.boolean().optional(),
  paused: z.boolean(),
  dueSoon: z.boolean(),
  overdue: z.boolean(),
});

export const consultationSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  status: consultationStatusSchema,
  statusLabel: z.string(),
  itemCode: z.string().optional(),
  itemName: z.string().optional(),
  department: z.string().optional(),
  departmentName: z.string(),
  askedAt: z.string(),
  clock: consultationClockSchema,
  round: z.number().int(),
  claimedByMe: z.boolean().optional(),
  version: z.number().int(),
});
export type ConsultationSummary = z.infer<typeof consultationSummarySchema>;

export const consultationDetailSchema = consultationSummarySchema.extend({
  question: z.string(),
  callBack: z.boolean(),
  askerName: z.string().optional(),
  enterpriseName: z.string().optional(),
  pictures: z.array(consultationPictureSchema),
  events: z.array(consultationEventSchema),
  followUpsLeft: z.number().int().min(0).max(CONSULTATION_MAX_FOLLOW_UPS),
  answeredBy: z.string().optional(),
  answeredAt: z.string().optional(),
  duplicateOf: z.string().optional(),
  /** What the caller may do now. */
  allowedActions: z.array(consultationActionSchema),
  /** Staff of a department the consultation passed through: read-only. */
  readOnly: z.boolean(),
});
export type ConsultationDetail = z.infer<typeof consultationDetailSchema>;

export const consultationListResponseSchema = pagedSchema(consultationSummarySchema);
export type ConsultationListResponse = z.infer<typeof consultationListResponseSchema>;

export const uploadPictureResponseSchema = z.object({
  picture: consultationPictureSchema,
  pictures: z.number().int(),
});
