import { getLunarDate, getSolarTermDate } from 'chinese-days';
import type { LocalDate } from '@app/shared';
import { fromDayNumber, toDayNumber } from './china-time';

/**
 * The statutory days off of a year as the law fixes them (《全国年节及纪念日放假办法》, as amended
 * in 2024, in force from 2025): 元旦 1 day (1/1), 春节 4 days (除夕 to 正月初三), 清明节 1 day (the
 * solar term 清明), 劳动节 2 days (5/1–5/2), 端午节 1 day (五月初五), 中秋节 1 day (八月十五), 国庆节 3
 * days (10/1–10/3). The State Council's yearly notice adds the bridge days and the 调休 working
 * weekends; until it is known these days are all that is certain about a year.
 *
 * Lunar dates come from chinese-days' getLunarDate, asked about 12:00 China time of each day: the
 * package counts whole days from 1900-01-31 00:00 China time by milliseconds, so the answer does
 * not depend on the server's TZ. getSolarTermDate formats with local getters (a day early west of
 * UTC): its result is corrected by the process's own drift (see qingming()).
 */

const DAY_MS = 86_400_000;
/** 12:00 in China is 04:00 UTC. */
const CHINA_NOON_UTC_MS = 4 * 3_600_000;

export type StatutoryHolidayName = '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';

/** The holidays that last several days and that the notice stretches into a week (黄金周). */
const LONG_HOLIDAYS: ReadonlySet<string> = new Set(['春节', '劳动节', '国庆节']);

/** date → holiday name(s), e.g. 2028-10-03 → 国庆节、中秋节. */
export type StatutoryYear = ReadonlyMap<LocalDate, string>;

const cache = new Map<number, StatutoryYear>();

function lunarOf(dayNumber: number): { month: number; day: number; leap: boolean } {
  const lunar = getLunarDate(new Date(dayNumber * DAY_MS + CHINA_NOON_UTC_MS));
  return { month: lunar.lunarMon, day: lunar.lunarDay, leap: lunar.isLeap };
}

/** The first day in [from, to] whose lunar date is month/day of a non-leap month. */
function findLunar(year: number, from: string, to: string, month: number, day: number): number {
  const last = toDayNumber(`${year}-${to}`);
  for (let n = toDayNumber(`${year}-${from}`); n <= last; n++) {
    const lunar = lunarOf(n);
    if (!lunar.leap && lunar.month === month && lunar.day === day) return n;
  }
  throw new Error(`${year} 年找不到农历 ${month} 月 ${day} 日`);
}

/** 清明 (April 4–6): chinese-days' solar term date, corrected for the local-getter drift west of UTC. */
function qingming(year: number): number {
  const answered = toDayNumber(getSolarTermDate(year, 4, 'pure_brightness'));
  const drift = new Date(Date.UTC(year, 3, 15)).getDate() - 15; // 0, or −1 west of UTC
  return answered - drift;
}

/** The statutory days off of `year` by the law (not the yearly notice). Cached per year. */
export function statutoryHolidaysOf(year: number): StatutoryYear {
  const cached = cache.get(year);
  if (cached) return cached;
  const days = new Map<LocalDate, string>();
  const add = (dayNumber: number, name: StatutoryHolidayName) => {
    const date = fromDayNumber(dayNumber);
    const existing = days.get(date);
    days.set(date, existing ? `${existing}、${name}` : name);
  };
  const springFestival = findLunar(year, '01-19', '02-22', 1, 1);
  const dates: Array<[number, StatutoryHolidayName]> = [
    [toDayNumber(`${year}-01-01`), '元旦'],
    [springFestival - 1, '春节'],
    [springFestival, '春节'],
    [springFestival + 1, '春节'],
    [springFestival + 2, '春节'],
    [qingming(year), '清明节'],
    [toDayNumber(`${year}-05-01`), '劳动节'],
    [toDayNumber(`${year}-05-02`), '劳动节'],
    [findLunar(year, '05-25', '06-26', 5, 5), '端午节'],
    [toDayNumber(`${year}-10-01`), '国庆节'],
    [toDayNumber(`${year}-10-02`), '国庆节'],
    [toDayNumber(`${year}-10-03`), '国庆节'],
    // After 国庆 so that a shared day reads 国庆节、中秋节 (as the notices write it); the sort is stable.
    [findLunar(year, '09-05', '10-10', 8, 15), '中秋节'],
  ];
  for (const [n, name] of dates.sort((a, b) => a[0] - b[0])) add(n, name);
  const frozen: StatutoryYear = days;
  cache.set(year, frozen);
  return frozen;
}

/** The law's holiday name(s) on `date`, or undefined. */
export function statutoryHolidayOn(date: LocalDate): string | undefined {
  return statutoryHolidaysOf(Number(date.slice(0, 4))).get(date);
}

function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}
const isWeekendDay = (n: number) => {
  const w = weekdayOf(n);
  return w === 0 || w === 6;
};

const bridgeCache = new Map<number, ReadonlySet<LocalDate>>();

/**
 * The weekdays of `year` that the yearly notice usually turns into days off (and therefore must not
 * be promised to anyone before it is published). Around each statutory holiday take its rest block
 * (the holiday with the weekend days and other statutory days touching it), then:
 * - 春节, 劳动节, 国庆节 (stretched to a week): every weekday within 4 days after the block;
 * - any holiday: the weekday just before / after the block when a weekend lies right beyond it
 *   (a Tuesday holiday bridges Monday, a Thursday holiday bridges Friday);
 * - a holiday on a Saturday or Sunday: the weekday just before and just after the block (补假).
 * Checked against the notices of 2025 and 2026: every bridge day they declared is in this set.
 */
export function bridgeRiskDaysOf(year: number): ReadonlySet<LocalDate> {
  const cached = bridgeCache.get(year);
  if (cached) return cached;
  const holidays = new Map<number, string>();
  for (const y of [year - 1, year, year + 1]) {
    for (const [date, name] of statutoryHolidaysOf(y)) holidays.set(toDayNumber(date), name);
  }
  const off = (n: number) => holidays.has(n) || isWeekendDay(n);
  const risky = new Set<LocalDate>();
  const mark = (n: number) => {
    if (!off(n)) {
      const date = fromDayNumber(n);
      if (date.startsWith(`${year}-`)) risky.add(date);
    }
  };
  const seen = new Set<number>();
  for (const day of [...holidays.keys()].sort((a, b) => a - b)) {
    if (seen.has(day)) continue;
    let start = day;
    let end = day;
    while (off(start - 1)) start--;
    while (off(end + 1)) end++;
    const names = new Set<string>();
    let onWeekend = false;
    for (let n = start; n <= end; n++) {
      const name = holidays.get(n);
      if (name === undefined) continue;
      seen.add(n);
      for (const part of name.split('、')) names.add(part);
      if (isWeekendDay(n)) onWeekend = true;
    }
    if ([...names].some((name) => LONG_HOLIDAYS.has(name))) {
      for (let n = end + 1; n <= end + 4; n++) mark(n);
    }
    if (onWeekend) {
      mark(start - 1);
      mark(end + 1);
    }
    if (isWeekendDay(start - 2)) mark(start - 1);
    if (isWeekendDay(end + 2)) mark(end + 1);
  }
  bridgeCache.set(year, risky);
  return risky;
}
