import type { HolidayNoticeWarning } from '@app/shared';
import { todayInChina } from './china-time';
import { isYearOfficial } from './working-day-calendar';

/** From this month (November) on, next year's missing notice is worth a warning. */
const WARN_FROM_MONTH = 11;

export interface HolidayNoticeStatus {
  /** This year and next year, those without an official arrangement (package data or notice). */
  provisionalYears: number[];
  warning?: HolidayNoticeWarning;
}

/**
 * Whether admins and supervisors must be told to load a notice, at `now` (China time): this year
 * without an arrangement at any time; next year's from November 1 (the State Council usually
 * publishes it in November). Pure over the loaded notices: no database access.
 */
export function holidayNoticeStatus(now: Date | number = Date.now()): HolidayNoticeStatus {
  const today = todayInChina(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const provisionalYears = [year, year + 1].filter((y) => !isYearOfficial(y));
  const status: HolidayNoticeStatus = { provisionalYears };
  if (!isYearOfficial(year)) {
    status.warning = {
      year,
      message: `尚未导入 ${year} 年节假日安排通知：本年度的调休和补班仅按法定节假日预计，节日前后的工作日暂不开放预约，请尽快导入`,
    };
  } else if (month >= WARN_FROM_MONTH && !isYearOfficial(year + 1)) {
    status.warning = {
      year: year + 1,
      message: `尚未导入 ${year + 1} 年节假日安排通知：${year + 1} 年的调休和补班仅按法定节假日预计，节日前后的工作日暂不开放预约，请在国务院办公厅发布通知后及时导入`,
    };
  }
  return status;
}
