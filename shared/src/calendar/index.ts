import { z } from 'zod';
import { humanText } from '../common/text';

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
  /**
   * The year's official holiday notice is not known yet: the day follows the law's statutory days
   * (元旦, 春节…) and the weekends; the notice may still move it (bridge days, 调休 weekends).
   */
  provisional: z.boolean().optional(),
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
  /** Some days of the range are provisional (no official notice for their year yet); `note` says so. */
  provisional: z.boolean().optional(),
  note: z.string().optional(),
});
export type CalendarResponse = z.infer<typeof calendarResponseSchema>;

// ---- Yearly holiday notices (国务院办公厅关于某年部分节假日安排的通知), loaded by an admin ----

/** `holiday`: a day off (statutory or bridge day); `workday`: a 调休 Saturday or Sunday worked. */
export const HOLIDAY_NOTICE_DAY_KINDS = ['holiday', 'workday'] as const;
export const holidayNoticeDayKindSchema = z.enum(HOLIDAY_NOTICE_DAY_KINDS, {
  error: '类型应为 holiday（放假）或 workday（调休上班）',
});
export type HolidayNoticeDayKind = z.infer<typeof holidayNoticeDayKindSchema>;

const HAS_CHINESE = /[\u3400-\u9fff]/;

/** A holiday's name as the notice writes it (元旦, 春节…): human text with Chinese in it. */
export const holidayNoticeNameSchema = humanText({ label: '节日名称', max: 20 }).refine(
  (value) => value === '' || HAS_CHINESE.test(value),
  { message: '节日名称应为中文（如 春节、国庆节）' },
);

export const holidayNoticeDaySchema = z.object({
  date: localDateSchema,
  kind: holidayNoticeDayKindSchema,
  name: holidayNoticeNameSchema,
});
export type HolidayNoticeDay = z.infer<typeof holidayNoticeDaySchema>;

export const HOLIDAY_NOTICE_MAX_DAYS = 120;

/**
 * One year's notice, as a file (JSON) or a request body: every day the notice names, each once, all
 * in `year`. The BFF checks the rest against the law (statutory days cannot be working days, a 调休
 * working day is a Saturday or Sunday).
 */
export const holidayNoticeImportSchema = z
  .object({
    year: z
      .number({ error: '年份应为数字' })
      .int()
      .min(2000, '年份应在 2000–2100 之间')
      .max(2100, '年份应在 2000–2100 之间'),
    title: humanText({ label: '通知标题', min: 0, max: 100 }).optional(),
    days: z
      .array(holidayNoticeDaySchema)
      .min(1, '通知至少包含一天')
      .max(HOLIDAY_NOTICE_MAX_DAYS, `通知最多包含 ${HOLIDAY_NOTICE_MAX_DAYS} 天`),
  })
  .superRefine((notice, ctx) => {
    const seen = new Map<string, number>();
    notice.days.forEach((day, index) => {
      if (!day.date.startsWith(`${notice.year}-`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', index, 'date'],
          message: `${day.date} 不在 ${notice.year} 年内：一份通知只能包含同一年的日期`,
        });
      }
      const first = seen.get(day.date);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['days', index, 'date'],
          message: `${day.date} 重复出现（第 ${first + 1} 行与第 ${index + 1} 行）`,
        });
      } else seen.set(day.date, index);
    });
  });
export type HolidayNoticeImport = z.infer<typeof holidayNoticeImportSchema>;

export const holidayNoticeSummarySchema = z.object({
  year: z.number().int(),
  title: z.string().optional(),
  holidays: z.number().int(),
  workdays: z.number().int(),
  importedAt: z.string(),
  importedBy: z.string(),
});
export type HolidayNoticeSummary = z.infer<typeof holidayNoticeSummarySchema>;

/** From November 1, while next year's notice is missing: what admins and supervisors are told. */
export const holidayNoticeWarningSchema = z.object({
  year: z.number().int(),
  message: z.string(),
});
export type HolidayNoticeWarning = z.infer<typeof holidayNoticeWarningSchema>;

export const holidayNoticeListResponseSchema = z.object({
  items: z.array(holidayNoticeSummarySchema),
  /** Years the shipped data (chinese-days) covers. */
  packageCoverage: z.object({ firstYear: z.number().int(), lastYear: z.number().int() }),
  /** Years that are provisional (neither shipped data nor a loaded notice), this year and next. */
  provisionalYears: z.array(z.number().int()),
  warning: holidayNoticeWarningSchema.optional(),
});
export type HolidayNoticeListResponse = z.infer<typeof holidayNoticeListResponseSchema>;

export const holidayNoticeImportResponseSchema = z.object({
  notice: holidayNoticeSummarySchema,
  /** The same year's notice this import replaced, if one was loaded before. */
  replaced: holidayNoticeSummarySchema.optional(),
});
export type HolidayNoticeImportResponse = z.infer<typeof holidayNoticeImportResponseSchema>;

/**
 * A date as people read it, with 预计 in front when it may still move: a due date that counts days
 * of a year whose holiday notice is not out yet (`dueDateProvisional` in the cases contracts).
 */
export function provisionalDateLabel(text: string, provisional?: boolean): string {
  return provisional ? `预计 ${text}` : text;
}
