import type { HolidayNoticeDay, LocalDate } from '@app/shared';

/**
 * The State Council's yearly holiday notices an admin loaded (MongoDB, `holiday_notices`), held in
 * memory so that the working-day functions stay synchronous and never touch the database: they run
 * in hot loops (slot generation, due dates). Loaded at start-up and replaced after each import
 * (see notice-import.service.ts); the stored notices are the source of truth.
 */

export interface LoadedNotice {
  year: number;
  days: readonly HolidayNoticeDay[];
}

let byDate = new Map<LocalDate, HolidayNoticeDay>();
let years = new Set<number>();

/** Replaces every loaded notice (all years at once: what the store holds now). */
export function setHolidayNotices(notices: readonly LoadedNotice[]): void {
  const nextByDate = new Map<LocalDate, HolidayNoticeDay>();
  const nextYears = new Set<number>();
  for (const notice of notices) {
    nextYears.add(notice.year);
    for (const day of notice.days) nextByDate.set(day.date, day);
  }
  byDate = nextByDate;
  years = nextYears;
}

/** Forgets every notice (tests). */
export function clearHolidayNotices(): void {
  setHolidayNotices([]);
}

/** What the loaded notice of the date's year says about the date, if anything. */
export function noticeDayOn(date: LocalDate): HolidayNoticeDay | undefined {
  return byDate.get(date);
}

export function hasNoticeFor(year: number): boolean {
  return years.has(year);
}

export function noticeYears(): number[] {
  return [...years].sort((a, b) => a - b);
}
