import { z } from 'zod';
import { RATING_FIGURE_DIMENSIONS, ratingFiguresResponseSchema } from '../ratings/schemas';
import { complaintStatsResponseSchema } from '../complaints/schemas';
import { STATS_MAX_MONTHS } from './enums';

/**
 * The HTTP contract of 督查 (all GET, supervisors/admin; staff their own department):
 * - `/api/stats/overview` → StatsOverviewResponse; `/api/stats/<area>` → Stats<Area>Response
 * - `/api/stats/<area>/export`, `/api/stats/overview/export` → an .xlsx of the same tables
 * Every route takes StatsQuery. Figures are `{ value, previous }` (previous: the same number of days
 * immediately before `from`, 环比); `null` when there is nothing to measure.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The query's shape only; `checkStatsPeriod` (and the BFF) judge the period itself. */
export const statsQuerySchema = z.object({
  /** First day, inclusive, Asia/Shanghai. Default: the first day of the current month. */
  from: z.string().max(10).optional(),
  /** Last day, inclusive. Default: today. */
  to: z.string().max(10).optional(),
  /** A department code (staff: their own or none). */
  department: z.string().max(64).optional(),
  /** A hall code. */
  hall: z.string().max(64).optional(),
  /** The catalog's item level (市 / 县区 / 乡镇街道). */
  level: z.string().max(16).optional(),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

/** `/api/stats/ratings` also keeps its older `by` table (the ratings module's callers). */
export const statsRatingsQuerySchema = statsQuerySchema.extend({
  by: z.enum(RATING_FIGURE_DIMENSIONS).optional(),
});
export type StatsRatingsQuery = z.infer<typeof statsRatingsQuerySchema>;

function isRealDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** Months between two days, counting a partial month as one (2026-01-01…2026-12-31 is 12). */
function monthsSpanned(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) + (td >= fd ? 1 : 0);
}

/**
 * Why a period is refused, or null when it is fine: the page checks before asking, the BFF answers
 * `STATS_PERIOD_INVALID` / `STATS_PERIOD_TOO_LONG` with the same sentence.
 */
export function checkStatsPeriod(
  from: string,
  to: string,
): { code: 'STATS_PERIOD_INVALID' | 'STATS_PERIOD_TOO_LONG'; message: string } | null {
  if (!isRealDay(from) || !isRealDay(to))
    return { code: 'STATS_PERIOD_INVALID', message: '日期格式应为 YYYY-MM-DD，且须是真实的日期' };
  if (from > to) return { code: 'STATS_PERIOD_INVALID', message: '开始日期不能晚于结束日期' };
  if (monthsSpanned(from, to) > STATS_MAX_MONTHS)
    return { code: 'STATS_PERIOD_TOO_LONG', message: `统计期间不能超过 ${STATS_MAX_MONTHS} 个月` };
  return null;
}

// ---------------------------------------------------------------- the frame

export const statsFigureSchema = z.object({
  value: z.number().nullable(),
  previous: z.number().nullable(),
});
export type StatsFigure = z.infer<typeof statsFigureSchema>;

export const statsPeriodSchema = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
});
export type StatsPeriod = z.infer<typeof statsPeriodSchema>;

export const statsFiltersSchema = z.object({
  department: z.string().optional(),
  departmentName: z.string().optional(),
  hall: z.string().optional(),
  hallName: z.string().optional(),
  level: z.string().optional(),
});
export type StatsFilters = z.infer<typeof statsFiltersSchema>;

/** A plain table row: `key` and `name` plus the columns STATS_TABLE_COLUMNS describes. */
export const statsRowSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type StatsRow = z.infer<typeof statsRowSchema>;

const headline = z.record(z.string(), statsFigureSchema);

/** Every area's response starts with this. `byItem` instead of `byDepartment` when `department` is given. */
export const statsBaseResponseSchema = z.object({
  period: statsPeriodSchema,
  previousPeriod: statsPeriodSchema,
  filters: statsFiltersSchema,
  /** When the figures were computed (ISO); cached answers keep their time. */
  generatedAt: z.string(),
  /** Which table is present: `department` → byDepartment, `item` → byItem. */
  table: z.enum(['department', 'item']),
  headline,
  byDepartment: z.array(statsRowSchema).optional(),
  byItem: z.array(statsRowSchema).optional(),
});
export type StatsBaseResponse = z.infer<typeof statsBaseResponseSchema>;

// ---------------------------------------------------------------- overview

export const statsTrendPointSchema = z.object({
  /** Monday of the week (or `from` for the first, partial week). */
  weekStart: z.string(),
  casesClosed: z.number().int(),
  onTimeShare: z.number().nullable(),
  satisfaction: z.number().nullable(),
  oneTripShare: z.number().nullable(),
});
export type StatsTrendPoint = z.infer<typeof statsTrendPointSchema>;

export const statsOverviewResponseSchema = statsBaseResponseSchema.extend({
  target: z.number(),
  trend: z.array(statsTrendPointSchema),
});
export type StatsOverviewResponse = z.infer<typeof statsOverviewResponseSchema>;

// ---------------------------------------------------------------- trips

export const statsTripBucketSchema = z.object({
  bucket: z.enum(['0', '1', '2', '3+']),
  label: z.string(),
  count: z.number().int(),
  share: z.number().nullable(),
  previousCount: z.number().int(),
});
export const statsTripsResponseSchema = statsBaseResponseSchema.extend({
  target: z.number(),
  tripsDistribution: z.array(statsTripBucketSchema),
  /** Published items by the catalog's level. */
  itemsByLevel: z.array(statsRowSchema),
});
export type StatsTripsResponse = z.infer<typeof statsTripsResponseSchema>;

// ---------------------------------------------------------------- cases

export const statsCasesResponseSchema = statsBaseResponseSchema.extend({
  /** Open cases past their due date now, by department (not bound to the period). */
  overdueByDepartment: z.array(statsRowSchema),
  /**
   * 补正 rate by item, highest first (guides that may be unclear): the first
   * STATS_PAGE_CORRECTION_ITEMS on the page, every one in the export.
   */
  correctionByItem: z.array(statsRowSchema),
  /** How many items had 补正 in the period (the page's list may show fewer). */
  correctionItems: z.number().int().nonnegative(),
});
export type StatsCasesResponse = z.infer<typeof statsCasesResponseSchema>;

// ---------------------------------------------------------------- appointments

export const statsAppointmentsResponseSchema = statsBaseResponseSchema.extend({
  /** Waiting time from check-in to being called, by hour of the check-in (0…23; hours with calls only). */
  waitingByHour: z.array(statsRowSchema),
  byHall: z.array(statsRowSchema),
  /** Slot use (booked / capacity) by weekday, 1 = Monday … 7 = Sunday. */
  slotUseByWeekday: z.array(statsRowSchema),
});
export type StatsAppointmentsResponse = z.infer<typeof statsAppointmentsResponseSchema>;

// ---------------------------------------------------------------- consultations

export const statsConsultationsResponseSchema = statsBaseResponseSchema;
export type StatsConsultationsResponse = z.infer<typeof statsConsultationsResponseSchema>;

// ---------------------------------------------------------------- complaints

/** The area's figures plus the fields `/api/stats/complaints` always had (ComplaintStats). */
export const statsComplaintsResponseSchema = statsBaseResponseSchema
  .extend({ byKind: z.array(statsRowSchema) })
  .extend(complaintStatsResponseSchema.shape);
export type StatsComplaintsResponse = z.infer<typeof statsComplaintsResponseSchema>;

// ---------------------------------------------------------------- ratings

/** The area's figures plus the fields `/api/stats/ratings` always had (RatingFiguresResponse). */
export const statsRatingsResponseSchema = statsBaseResponseSchema
  .extend({ levels: z.array(statsRowSchema) })
  .extend(ratingFiguresResponseSchema.shape);
export type StatsRatingsResponse = z.infer<typeof statsRatingsResponseSchema>;

export const STATS_RESPONSE_SCHEMAS = {
  overview: statsOverviewResponseSchema,
  trips: statsTripsResponseSchema,
  cases: statsCasesResponseSchema,
  appointments: statsAppointmentsResponseSchema,
  consultations: statsConsultationsResponseSchema,
  complaints: statsComplaintsResponseSchema,
  ratings: statsRatingsResponseSchema,
} as const;
