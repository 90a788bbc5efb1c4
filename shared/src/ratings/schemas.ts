import { z } from 'zod';
import { humanText } from '../common/text';
import {
  RATING_COMMENT_MAX,
  RATING_LEVEL_LABELS,
  RATING_REASONS,
  rateableKindSchema,
  ratingLevelSchema,
  rectificationStatusSchema,
} from './enums';

/**
 * The HTTP contract of 好差评 and 整改:
 * - `POST /api/ratings` CreateRatingRequest → 201 RatingView (a second tap answers the first's rating)
 * - `GET  /api/ratings/mine` → MyRatingsResponse; `GET /api/ratings/pending` → PendingRatingsResponse
 * - `GET  /api/ratings/services/:kind/:id` → ServiceRatingState (the card on the case / ticket page)
 * - `POST /api/ratings/:id/addendum` AddendumRequest → RatingView (追评, once, within 7 days)
 * - `GET  /api/staff/ratings?scope=` → StaffRatingsResponse; `POST /api/staff/ratings/:id/invalid`
 * - `/api/staff/rectifications…`: queue, detail, claim, contact, callback, evidence, rectify
 * - `GET  /api/stats/ratings?by=` → RatingFiguresResponse (supervisors)
 */

const objectId = (label: string) => z.string().regex(/^[0-9a-f]{24}$/, `${label}格式不正确`);

export const ratingIdParamsSchema = z.object({ id: objectId('评价编号') });
export const rectificationIdParamsSchema = z.object({ id: objectId('整改编号') });
export const rectificationFileParamsSchema = z.object({
  id: objectId('整改编号'),
  fileId: objectId('文件编号'),
});
export const serviceRefParamsSchema = z.object({ kind: rateableKindSchema, id: objectId('服务编号') });

// Blank means no comment (the service drops an empty one).
const commentSchema = humanText({ label: '评价内容', min: 0, max: RATING_COMMENT_MAX, multiline: true });

export const createRatingRequestSchema = z
  .object({
    kind: rateableKindSchema,
    id: objectId('服务编号'),
    level: ratingLevelSchema,
    reasons: z
      .array(z.string().max(40), { error: '评价原因应为列表' })
      .max(6, '评价原因最多选 6 项')
      .default([]),
    comment: commentSchema.optional(),
    /** The person allows the comment to be shown publicly (masked). */
    showComment: z.boolean({ error: '是否公开评价内容应为是或否' }).default(false),
  })
  .superRefine((body, ctx) => {
    const allowed = RATING_REASONS[body.level];
    body.reasons.forEach((reason, index) => {
      if (!allowed.includes(reason))
        ctx.addIssue({
          code: 'custom',
          path: ['reasons', index],
          message: `「${RATING_LEVEL_LABELS[body.level]}」不能选择这个原因`,
        });
    });
    if (new Set(body.reasons).size !== body.reasons.length)
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: '评价原因不能重复' });
  });
export type CreateRatingRequest = z.infer<typeof createRatingRequestSchema>;

export const addendumRequestSchema = z.object({
  text: humanText({ label: '追评内容', max: RATING_COMMENT_MAX, multiline: true }),
});
export type AddendumRequest = z.infer<typeof addendumRequestSchema>;

/** What was served: item, department, hall, window and the staff person who did the work. */
export const servedSchema = z.object({
  itemCode: z.string().optional(),
  itemName: z.string().optional(),
  department: z.string(),
  hallCode: z.string().optional(),
  windowName: z.string().optional(),
  /** Masked except to that staff person and supervisors. */
  staffName: z.string().optional(),
});
export type Served = z.infer<typeof servedSchema>;

export const ratingViewSchema = z.object({
  id: z.string(),
  kind: rateableKindSchema,
  serviceId: z.string(),
  serviceTitle: z.string(),
  round: z.number().int(),
  level: ratingLevelSchema,
  levelLabel: z.string(),
  reasons: z.array(z.object({ code: z.string(), label: z.string() })),
  comment: z.string().optional(),
  showComment: z.boolean(),
  addendum: z.object({ text: z.string(), at: z.string() }).optional(),
  /** Until when the addendum may be written (absent once written or past). */
  addendumUntil: z.string().optional(),
  served: servedSchema,
  createdAt: z.string(),
  invalid: z.object({ reason: z.string(), at: z.string() }).optional(),
  rectification: z
    .object({ id: z.string(), status: rectificationStatusSchema, statusLabel: z.string() })
    .optional(),
});
export type RatingView = z.infer<typeof ratingViewSchema>;

export const myRatingsResponseSchema = z.object({ items: z.array(ratingViewSchema) });
export type MyRatingsResponse = z.infer<typeof myRatingsResponseSchema>;

export const pendingRatingSchema = z.object({
  kind: rateableKindSchema,
  serviceId: z.string(),
  title: z.string(),
  endedAt: z.string(),
  /** Last moment a rating is accepted. */
  rateUntil: z.string(),
  round: z.number().int(),
});
export type PendingRating = z.infer<typeof pendingRatingSchema>;
export const pendingRatingsResponseSchema = z.object({ items: z.array(pendingRatingSchema) });
export type PendingRatingsResponse = z.infer<typeof pendingRatingsResponseSchema>;

/** The rating card of one service. `canRate` with `round` 2 is 整改后评价. */
export const serviceRatingStateSchema = z.object({
  kind: rateableKindSchema,
  serviceId: z.string(),
  title: z.string(),
  canRate: z.boolean(),
  round: z.number().int().optional(),
  /** Why not: 未结束 / 已过评价期（未评价） / 已评价. */
  blocked: z.enum(['not_over', 'expired', 'rated']).optional(),
  blockedLabel: z.string().optional(),
  rateUntil: z.string().optional(),
  ratings: z.array(ratingViewSchema),
});
export type ServiceRatingState = z.infer<typeof serviceRatingStateSchema>;

// ---------------------------------------------------------------- staff

export const staffRatingsQuerySchema = z.object({
  /** `department`: my department's; `mine`: the services I did; supervisors see all (`all`). */
  scope: z.enum(['department', 'mine', 'all']).default('department'),
  bad: z.enum(['true', 'false']).optional(),
});
export type StaffRatingsQuery = z.infer<typeof staffRatingsQuerySchema>;

/** A rating as staff see it: never the rater's identity; the comment masked. */
export const staffRatingViewSchema = ratingViewSchema.omit({ addendumUntil: true }).extend({
  comment: z.string().optional(),
});
export const staffRatingsResponseSchema = z.object({ items: z.array(staffRatingViewSchema) });
export type StaffRatingsResponse = z.infer<typeof staffRatingsResponseSchema>;

export const invalidateRatingRequestSchema = z.object({
  reason: humanText({ label: '认定恶意差评的理由', max: 500, multiline: true }),
});
export type InvalidateRatingRequest = z.infer<typeof invalidateRatingRequestSchema>;

export const rectificationsQuerySchema = z.object({
  status: rectificationStatusSchema.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type RectificationsQuery = z.infer<typeof rectificationsQuerySchema>;

export const evidenceFileSchema = z.object({
  id: z.string(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  url: z.string(),
});

export const rectificationViewSchema = z.object({
  id: z.string(),
  ratingId: z.string(),
  kind: rateableKindSchema,
  serviceId: z.string(),
  serviceTitle: z.string(),
  department: z.string(),
  served: servedSchema,
  level: ratingLevelSchema,
  levelLabel: z.string(),
  reasons: z.array(z.object({ code: z.string(), label: z.string() })),
  comment: z.string().optional(),
  status: rectificationStatusSchema,
  statusLabel: z.string(),
  callbackDueDate: z.string(),
  rectifyDueDate: z.string(),
  callbackOverdue: z.boolean(),
  rectifyOverdue: z.boolean(),
  /** Staff doing the callback (claimed); only they may see the rater's contact. */
  assignee: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  assignedToMe: z.boolean(),
  callback: z
    .object({ reached: z.boolean(), note: z.string(), at: z.string(), onTime: z.boolean() })
    .optional(),
  rectification: z
    .object({
      problem: z.string(),
      actions: z.string(),
      evidence: z.array(evidenceFileSchema),
      at: z.string(),
      onTime: z.boolean(),
    })
    .optional(),
  pendingEvidence: z.array(evidenceFileSchema),
  reRating: z.object({ level: ratingLevelSchema, levelLabel: z.string(), at: z.string() }).optional(),
  createdAt: z.string(),
});
export type RectificationView = z.infer<typeof rectificationViewSchema>;
export const rectificationListResponseSchema = z.object({ items: z.array(rectificationViewSchema) });
export type RectificationListResponse = z.infer<typeof rectificationListResponseSchema>;

export const rectificationContactSchema = z.object({
  name: z.string(),
  phone: z.string().optional(),
});
export type RectificationContact = z.infer<typeof rectificationContactSchema>;

export const callbackRequestSchema = z.object({
  reached: z.boolean({ error: '请说明是否联系上评价人' }),
  note: humanText({ label: '回访情况', max: 500, multiline: true }),
});
export type CallbackRequest = z.infer<typeof callbackRequestSchema>;

export const rectifyRequestSchema = z.object({
  problem: humanText({ label: '存在问题', max: 1000, multiline: true }),
  actions: humanText({ label: '整改措施', max: 1000, multiline: true }),
});
export type RectifyRequest = z.infer<typeof rectifyRequestSchema>;

export const uploadEvidenceResponseSchema = evidenceFileSchema;

// ---------------------------------------------------------------- figures

export const ratingCountsSchema = z.object({
  total: z.number().int(),
  satisfied: z.number().int(),
  /** Share of 基本满意 or better, 0…1 (null without ratings). */
  share: z.number().nullable(),
  levels: z.record(z.string(), z.number().int()),
});
export type RatingCounts = z.infer<typeof ratingCountsSchema>;

/** Public figure inside GET /api/items/:code and GET /api/halls. */
export const publicSatisfactionSchema = z.object({
  days: z.number().int(),
  count: z.number().int(),
  share: z.number().nullable(),
  /** Recent comments their authors allowed to be shown, masked (items only). */
  comments: z.array(z.object({ levelLabel: z.string(), text: z.string(), day: z.string() })).optional(),
});
export type PublicSatisfaction = z.infer<typeof publicSatisfactionSchema>;

export const RATING_FIGURE_DIMENSIONS = ['item', 'department', 'hall', 'window', 'staff', 'week'] as const;
export const ratingFiguresQuerySchema = z.object({
  by: z.enum(RATING_FIGURE_DIMENSIONS).default('department'),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .optional(),
});
export type RatingFiguresQuery = z.infer<typeof ratingFiguresQuerySchema>;

export const ratingFiguresResponseSchema = z.object({
  by: z.enum(RATING_FIGURE_DIMENSIONS),
  rows: z.array(ratingCountsSchema.extend({ key: z.string() })),
  rectifications: z.object({
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    overdue: z.number().int(),
    /** Share of finished rectifications whose callback and rectification were both on time. */
    onTimeShare: z.number().nullable(),
  }),
});
export type RatingFiguresResponse = z.infer<typeof ratingFiguresResponseSchema>;
