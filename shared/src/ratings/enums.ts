import { z } from 'zod';

/**
 * 好差评 (国办发〔2019〕51号, GB/T 39734-2020): five levels, best first. `score` 5…1; 基本满意 or better
 * counts as satisfied; 不满意 and 非常不满意 are bad ratings and open a rectification (整改).
 */
export const RATING_LEVELS = [
  'very_satisfied',
  'satisfied',
  'basic',
  'dissatisfied',
  'very_dissatisfied',
] as const;
export const ratingLevelSchema = z.enum(RATING_LEVELS, { error: '评价等级只能是五级之一' });
export type RatingLevel = z.infer<typeof ratingLevelSchema>;

export const RATING_LEVEL_LABELS: Record<RatingLevel, string> = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
};

export const RATING_LEVEL_SCORES: Record<RatingLevel, number> = {
  very_satisfied: 5,
  satisfied: 4,
  basic: 3,
  dissatisfied: 2,
  very_dissatisfied: 1,
};

export const BAD_RATING_LEVELS = [
  'dissatisfied',
  'very_dissatisfied',
] as const satisfies readonly RatingLevel[];

export function isBadLevel(level: RatingLevel): boolean {
  return (BAD_RATING_LEVELS as readonly RatingLevel[]).includes(level);
}
/** 基本满意 or better: the share the city reports. */
export function isSatisfiedLevel(level: RatingLevel): boolean {
  return !isBadLevel(level);
}

/** Reasons a person may tick, by level (codes stable; labels shown). */
const GOOD_REASONS = {
  one_visit: '一次办成',
  proactive: '主动告知',
  fast: '办理快捷',
  friendly: '态度热情',
  clear_guide: '指南清楚',
  online: '网上可办',
} as const;
const MIDDLE_REASONS = {
  waited_long: '等候时间较长',
  guide_unclear: '指南不够清楚',
  ok: '基本顺利',
} as const;
const BAD_REASONS = {
  many_trips: '多次跑腿',
  inconsistent_materials: '材料要求不一致',
  overdue: '超时办理',
  bad_attitude: '态度不好',
  system_failure: '系统故障',
  not_told_once: '没有一次性告知',
} as const;

export const RATING_REASON_LABELS: Record<string, string> = {
  ...GOOD_REASONS,
  ...MIDDLE_REASONS,
  ...BAD_REASONS,
};

export const RATING_REASONS: Record<RatingLevel, readonly string[]> = {
  very_satisfied: Object.keys(GOOD_REASONS),
  satisfied: Object.keys(GOOD_REASONS),
  basic: Object.keys(MIDDLE_REASONS),
  dissatisfied: Object.keys(BAD_REASONS),
  very_dissatisfied: Object.keys(BAD_REASONS),
};

/**
 * The services a person can rate. `case` (办结 / 已出件) and `appointment` (checked in) are wired;
 * `consultation` (answered) and `complaint` (办结) are wired too (adapters in the BFF ratings module).
 */
export const RATEABLE_KINDS = ['case', 'appointment', 'consultation', 'complaint'] as const;
export const rateableKindSchema = z.enum(RATEABLE_KINDS, { error: '评价对象类型不正确' });
export type RateableKind = z.infer<typeof rateableKindSchema>;

export const RATEABLE_KIND_LABELS: Record<RateableKind, string> = {
  case: '办件',
  appointment: '预约办理',
  consultation: '咨询',
  // 投诉 and 建议 are rated (举报 are not: 举报人信息保密).
  complaint: '投诉建议',
};

/** 1: the first rating; 2: 整改后评价 (after the rectification; both are kept). */
export const RATING_ROUNDS = [1, 2] as const;
export type RatingRound = (typeof RATING_ROUNDS)[number];

/** Defaults (the BFF's configuration may change the window and the deadlines). */
export const RATING_WINDOW_DAYS_DEFAULT = 30;
export const RATING_ADDENDUM_DAYS = 7;
export const RATING_COMMENT_MAX = 500;
export const RECTIFICATION_CALLBACK_WORKING_DAYS_DEFAULT = 1;
export const RECTIFICATION_WORKING_DAYS_DEFAULT = 15;
/** The public figure: ratings of the last 90 days. */
export const PUBLIC_SATISFACTION_DAYS = 90;

/**
 * 整改: 待回访 → 待整改 (callback recorded) → 已整改 (rectification recorded, person told).
 * Overdue is a flag beside the status (set by the deadline jobs), not a status.
 */
export const RECTIFICATION_STATUSES = ['awaiting_callback', 'awaiting_rectification', 'rectified'] as const;
export const rectificationStatusSchema = z.enum(RECTIFICATION_STATUSES);
export type RectificationStatus = z.infer<typeof rectificationStatusSchema>;

export const RECTIFICATION_STATUS_LABELS: Record<RectificationStatus, string> = {
  awaiting_callback: '待回访',
  awaiting_rectification: '待整改',
  rectified: '已整改',
};

/** Why a service cannot be rated now (the card says so). */
export const RATING_BLOCKS = ['not_over', 'expired', 'rated'] as const;
export type RatingBlock = (typeof RATING_BLOCKS)[number];
