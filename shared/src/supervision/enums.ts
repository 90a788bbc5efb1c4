import { z } from 'zod';

/**
 * 督查 (issue 14): the reform's figures for a period. Areas share one query, one response frame and
 * one way to describe table columns, so the page and the Excel export render the same tables.
 */
export const STATS_AREAS = [
  'trips',
  'cases',
  'appointments',
  'consultations',
  'complaints',
  'ratings',
] as const;
export const statsAreaSchema = z.enum(STATS_AREAS);
export type StatsArea = z.infer<typeof statsAreaSchema>;

export const STATS_AREA_LABELS: Record<StatsArea | 'overview', string> = {
  overview: '督查总览',
  trips: '跑动次数',
  cases: '办件',
  appointments: '预约',
  consultations: '咨询',
  complaints: '投诉建议',
  ratings: '好差评',
};

/** The plan's target: 70% of items (and of closed cases) at ≤ 1 trip. */
export const STATS_ONE_TRIP_TARGET = 0.7;
/** A period may span at most this many months. */
export const STATS_MAX_MONTHS = 24;
/**
 * The 补正 list by item on the page: its first (highest) this many items. A year counts thousands of
 * items (600 KB of JSON for a phone that charts eight); the Excel export lists every one.
 */
export const STATS_PAGE_CORRECTION_ITEMS = 50;

/**
 * How a column's numbers read: `count` whole numbers; `share` 0…1 (shown as %); `days` working days;
 * `hours` working hours; `minutes`; `number` any other number (e.g. mean trips per case); `text` a label.
 */
export const STATS_COLUMN_KINDS = ['text', 'count', 'share', 'days', 'hours', 'minutes', 'number'] as const;
export const statsColumnKindSchema = z.enum(STATS_COLUMN_KINDS);
export type StatsColumnKind = z.infer<typeof statsColumnKindSchema>;

export const STATS_TRIP_BUCKETS = ['0', '1', '2', '3+'] as const;
export type StatsTripBucket = (typeof STATS_TRIP_BUCKETS)[number];
export const STATS_TRIP_BUCKET_LABELS: Record<StatsTripBucket, string> = {
  '0': '零跑腿',
  '1': '跑 1 次',
  '2': '跑 2 次',
  '3+': '跑 3 次及以上',
};

export const STATS_WEEKDAY_LABELS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
