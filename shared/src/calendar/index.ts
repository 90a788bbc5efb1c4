import { z } from 'zod';

/**
 * Working-day calendar contracts. Every date here is a local date in China time (Asia/Shanghai,
 * UTC+8, no DST), written `YYYY-MM-DD`, never a JS Date: a date does not depend on the server's TZ.
 */

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is `YYYY-MM-DD` and names a real calendar day (no 2026-02-30). */
export function isLocalDate(value: string): boolean {
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month; UTC keeps it free of the local TZ.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** A China local date `YYYY-MM-DD` that exists in the calendar. */
export const localDateSchema = z
  .string()
  .trim()
  .refine(isLocalDate, { message: '日期格式应为 YYYY-MM-DD，且须为有效日期' });
export type LocalDate = z.infer<typeof localDateSchema>;

/**
 * What a day is for a hall:
 * - `workday`: an ordinary Monday–Friday;
 * - `weekend`: an ordinary Saturday or Sunday;
 * - `holiday`: a statutory holiday day (including weekend days inside the holiday and 调休 days off);
 * - `makeup_workday`: a Saturday or Sunday worked to make up for a holiday (调休上班);
 * - `closure`: a day the hall declared closed although it would otherwise be a working day.
 */
export const dayKindSchema = z.enum(['workday', 'weekend', 'holiday', 'makeup_workday', 'closure']);
export type DayKind = z.infer<typeof dayKindSchema>;

export const calendarDaySchema = z.object({
  date: localDateSchema,
  kind: dayKindSchema,
  isWorkingDay: z.boolean(),
  /** The holiday's Chinese name (e.g. 国庆节) on holiday and make-up working days. */
  name: z.string().optional(),
  /** Free text for people: 调休, the hall's closure reason, a data-coverage warning. */
  note: z.string().optional(),
});
export type CalendarDay = z.infer<typeof calendarDaySchema>;

/** Hall codes: letters, digits, dashes and underscores. */
export const calendarHallCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, '大厅编码只能包含字母、数字、短横线和下划线，长度 1–40');

/** Longest range `GET /api/calendar` answers, in days (two months, enough for a month view). */
export const CALENDAR_MAX_RANGE_DAYS = 62;

/** `GET /api/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD&hall=CODE` (both ends inclusive). */
export const calendarQuerySchema = z.object({
  from: localDateSchema,
  to: localDateSchema,
  hall: calendarHallCodeSchema.optional(),
});
export type CalendarQuery = z.infer<typeof calendarQuerySchema>;

export const calendarResponseSchema = z.object({
  from: localDateSchema,
  to: localDateSchema,
  hall: z.string().optional(),
  timeZone: z.literal('Asia/Shanghai'),
  days: z.array(calendarDaySchema),
});
export type CalendarResponse = z.infer<typeof calendarResponseSchema>;
