import { z } from 'zod';
import { publicSatisfactionSchema } from '../ratings/schemas';
import { pagedSchema, pageQuerySchema } from '../common/pagination';
import {
  itemKindSchema,
  itemLevelSchema,
  itemStatusSchema,
  materialFormSchema,
  materialRequirementSchema,
  windowTypeSchema,
} from './enums';

/** Item codes look like `JX-BDC-0001`: letters, digits and dashes. */
export const itemCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, '事项编码只能包含字母、数字和短横线，长度 3–40');

export const materialSchema = z.object({
  name: z.string().trim().min(1, '材料名称不能为空').max(200),
  form: materialFormSchema,
  count: z.number().int().min(1, '份数至少为 1').max(99),
  requirement: materialRequirementSchema,
  note: z.string().max(500).optional(),
});
export type Material = z.infer<typeof materialSchema>;

export const guideStepSchema = z.object({
  title: z.string().min(1).max(100),
  description: z.string().max(1000).optional(),
});
export type GuideStep = z.infer<typeof guideStepSchema>;

export const guideSchema = z.object({
  conditions: z.array(z.string().min(1).max(1000)),
  materials: z.array(materialSchema),
  steps: z.array(guideStepSchema),
  legalLimitDays: z.number().int().min(0).max(365),
  promisedLimitDays: z.number().int().min(0).max(365),
  fees: z.string().max(500),
  halls: z.array(z.object({ hallCode: z.string(), windows: z.array(z.string()) })),
  phone: z.string().max(50),
  legalBasis: z.string().max(2000).optional(),
});
export type Guide = z.infer<typeof guideSchema>;

export const departmentSchema = z.object({
  code: z.string(),
  name: z.string(),
  itemCount: z.number().int().optional(),
  /** The name's pinyin (`shi gong an ju`) and initials (`sgaj`), for finding a department by either. */
  pinyin: z.string().optional(),
  initials: z.string().optional(),
});
export type Department = z.infer<typeof departmentSchema>;

export const themeSchema = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string().optional(),
  audience: z.enum(['citizen', 'enterprise']),
  itemCodes: z.array(z.string()),
});
export type Theme = z.infer<typeof themeSchema>;

export const hallWindowSchema = z.object({
  code: z.string(),
  name: z.string(),
  type: windowTypeSchema,
  departmentCode: z.string().optional(),
});

export const hallSchema = z.object({
  code: z.string(),
  name: z.string(),
  address: z.string(),
  phone: z.string(),
  openingHours: z.string(),
  windows: z.array(hallWindowSchema),
  /** 好差评: share of 基本满意 or better over the last 90 days (ratings module). */
  satisfaction: publicSatisfactionSchema.optional(),
});
export type Hall = z.infer<typeof hallSchema>;

/** What a list row needs: enough to choose, not the whole guide. */
export const serviceItemSummarySchema = z.object({
  code: itemCodeSchema,
  name: z.string(),
  departmentCode: z.string(),
  departmentName: z.string(),
  kind: itemKindSchema,
  level: itemLevelSchema,
  maxTrips: z.number().int().min(0),
  onlineCapable: z.boolean(),
  promisedLimitDays: z.number().int(),
  popularity: z.number().int(),
});
export type ServiceItemSummary = z.infer<typeof serviceItemSummarySchema>;

export const serviceItemDetailSchema = serviceItemSummarySchema.extend({
  /** 俗称: what people call the item (营业执照 for 有限责任公司设立登记), also matched by search. */
  aliases: z.array(z.string()).optional(),
  tripsReason: z.string().optional(),
  themes: z.array(z.string()),
  guide: guideSchema,
  status: itemStatusSchema,
  publishedAt: z.string().optional(),
  batch: z.string().optional(),
  updatedAt: z.string(),
  /** 好差评: share of 基本满意 or better over the last 90 days, and shown comments (ratings module). */
  satisfaction: publicSatisfactionSchema.optional(),
});
export type ServiceItemDetail = z.infer<typeof serviceItemDetailSchema>;

const booleanQuery = z
  .enum(['true', 'false', '1', '0'], { message: '只能是 true 或 false' })
  .transform((v) => v === 'true' || v === '1');

/** `GET /api/items` query. `maxTrips` filters items allowing at most that many trips. */
export const itemListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(50, '搜索词最多 50 个字').optional(),
  department: z.string().trim().max(40).optional(),
  theme: z.string().trim().max(40).optional(),
  maxTrips: z.coerce.number().int('跑动次数须为整数').min(0, '跑动次数不能为负').max(10).optional(),
  online: booleanQuery.optional(),
});
export type ItemListQuery = z.infer<typeof itemListQuerySchema>;

export const itemListResponseSchema = pagedSchema(serviceItemSummarySchema).extend({
  /**
   * “您是不是要找”: a query one character (or one pinyin syllable) away from what was typed, offered
   * when the search found nothing or little. With `showingSuggestion`, `items` are its results
   * because what was typed found nothing.
   */
  didYouMean: z.string().optional(),
  showingSuggestion: z.boolean().optional(),
});
export type ItemListResponse = z.infer<typeof itemListResponseSchema>;

export const departmentListResponseSchema = z.object({ items: z.array(departmentSchema) });
export const themeListResponseSchema = z.object({ items: z.array(themeSchema) });
export const hallListResponseSchema = z.object({ items: z.array(hallSchema) });

export const reformShareSchema = z.object({
  total: z.number().int(),
  atMostOneTrip: z.number().int(),
  zeroTrip: z.number().int(),
  share: z.number(),
});

/** `GET /api/stats/reform`: share of published items with maxTrips ≤ 1, against the 70% target. */
export const reformStatsResponseSchema = z.object({
  target: z.number(),
  overall: reformShareSchema,
  meetsTarget: z.boolean(),
  byDepartment: z.array(reformShareSchema.extend({ departmentCode: z.string(), departmentName: z.string() })),
  /** The public satisfaction share (ratings of the last 90 days, 基本满意 or better), issue 14. */
  satisfaction: publicSatisfactionSchema.optional(),
});
export type ReformStats = z.infer<typeof reformStatsResponseSchema>;

/** 同义词: a term people type and what it should also find (营业执照 → 设立登记), city-wide. */
const synonymWord = (what: string) =>
  z
    .string({ message: `${what}不能为空` })
    .trim()
    .min(1, `${what}不能为空`)
    .max(20, `${what}最多 20 个字`)
    .refine((s) => !/[,，、;；|\n]/.test(s), `${what}不能包含逗号、顿号或分号`);

export const synonymInputSchema = z.object({
  term: synonymWord('词语'),
  expansions: z
    .array(synonymWord('同义词'), { message: '请填写至少一个同义词' })
    .min(1, '请填写至少一个同义词')
    .max(10, '同义词最多 10 个'),
});
export type SynonymInput = z.infer<typeof synonymInputSchema>;

export const synonymSchema = synonymInputSchema.extend({
  id: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().optional(),
});
export type Synonym = z.infer<typeof synonymSchema>;

export const synonymListResponseSchema = z.object({ items: z.array(synonymSchema) });
export const synonymIdParamsSchema = z.object({
  id: z.string().regex(/^[a-f0-9]{24}$/, '同义词编号无效'),
});
