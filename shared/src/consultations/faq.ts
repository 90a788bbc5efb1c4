import { z } from 'zod';
import { pagedSchema } from '../common/pagination';
import { codeSchema, humanText } from '../common/text';
import { itemCodeSchema } from '../catalog/schemas';

/**
 * 常见问题 (FAQ), part of the consultations capability: entries written by staff from answers (never
 * with personal data), attached to items and departments, published or not; public search with
 * Chinese, pinyin and initials; view counts and one 有帮助 / 没帮助 vote per person.
 */
export const FAQ_STATUSES = ['draft', 'published', 'unpublished'] as const;
export const faqStatusSchema = z.enum(FAQ_STATUSES);
export type FaqStatus = z.infer<typeof faqStatusSchema>;
export const FAQ_STATUS_LABELS: Record<FaqStatus, string> = {
  draft: '草稿',
  published: '已发布',
  unpublished: '已下线',
};

const objectId = (label: string) => z.string().regex(/^[0-9a-f]{24}$/, `${label}格式不正确`);

export const faqIdParamsSchema = z.object({ id: objectId('问答编号') });

export const faqSearchQuerySchema = z.object({
  q: z.string().trim().max(100, '搜索词最多 100 字').optional(),
  item: itemCodeSchema.optional(),
  department: codeSchema('部门编码').optional(),
  limit: z.coerce.number().int().min(1, '条数至少为 1').max(50, '条数最多为 50').default(10),
});
export type FaqSearchQuery = z.infer<typeof faqSearchQuerySchema>;

export const staffFaqQuerySchema = z.object({
  status: faqStatusSchema.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

const faqBody = {
  question: humanText({ label: '问题', min: 5, max: 200, multiline: true }),
  answer: humanText({ label: '答案', min: 5, max: 2000, multiline: true }),
  items: z.array(itemCodeSchema).max(20, '最多关联 20 个事项').default([]),
  departments: z.array(codeSchema('部门编码')).max(10, '最多关联 10 个部门').default([]),
};

export const createFaqRequestSchema = z
  .object({
    ...faqBody,
    /** The consultation whose answer this entry generalises. */
    consultationId: objectId('咨询编号').optional(),
    /** Staff confirm that no name, ID number, phone or address is left in the text. */
    confirmNoPersonalData: z.literal(true, { error: '请确认已去除个人信息' }),
    publish: z.boolean().default(false),
  })
  .strict();
export type CreateFaqRequest = z.infer<typeof createFaqRequestSchema>;

export const updateFaqRequestSchema = z
  .object({ ...faqBody, confirmNoPersonalData: z.literal(true, { error: '请确认已去除个人信息' }) })
  .strict();
export type UpdateFaqRequest = z.infer<typeof updateFaqRequestSchema>;

export const faqVoteRequestSchema = z
  .object({ helpful: z.boolean({ error: '请选择有帮助或没帮助' }) })
  .strict();

export const answeredBeforeAskingRequestSchema = z
  .object({
    faqId: objectId('问答编号').optional(),
    itemCode: itemCodeSchema.optional(),
  })
  .strict();

export const faqEntrySchema = z.object({
  id: z.string(),
  question: z.string(),
  answer: z.string(),
  items: z.array(z.object({ code: z.string(), name: z.string() })),
  departments: z.array(z.object({ code: z.string(), name: z.string() })),
  status: faqStatusSchema,
  views: z.number().int(),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  publishedAt: z.string().optional(),
  /** Signed-in callers: their vote on this entry. */
  myVote: z.enum(['helpful', 'not_helpful']).optional(),
});
export type FaqEntry = z.infer<typeof faqEntrySchema>;

export const faqSearchResponseSchema = z.object({
  items: z.array(faqEntrySchema),
  total: z.number().int(),
});
export type FaqSearchResponse = z.infer<typeof faqSearchResponseSchema>;

export const staffFaqListSchema = pagedSchema(
  faqEntrySchema.extend({ sourceConsultationId: z.string().optional() }),
);

export const faqStatsSchema = z.object({
  published: z.number().int(),
  views: z.number().int(),
  helpful: z.number().int(),
  notHelpful: z.number().int(),
  /** People who stopped asking because a suggestion answered them. */
  answeredBeforeAsking: z.number().int(),
});
