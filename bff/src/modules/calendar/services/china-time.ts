import { isLocalDate, type LocalDate } from '@app/shared';

/**
 * China local dates and times, independent of the server's TZ. China has used UTC+8 without daylight
 * saving since 1992, so a fixed offset is exact for every date this system handles: no Intl, no TZ.
 *
 * Local dates are `YYYY-MM-DD` strings; arithmetic on them goes through a day number (days since
 * 1970-01-01) computed with UTC functions only, so it never sees the process's time zone.
 */

export const CHINA_TIME_ZONE = 'Asia/Shanghai';
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function assertLocalDate(date: string, label = 'date'): LocalDate {
  if (typeof date !== 'string' || !isLocalDate(date)) {
    throw new RangeError(`${label} 不是有效的日期（应为 YYYY-MM-DD）：${String(date)}`);
  }
  return date;
}

function parts(date: LocalDate): [number, number, number] {
  assertLocalDate(date);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

/** Days since 1970-01-01 for a local date. */
export function toDayNumber(date: LocalDate): number {
  const [year, month, day] = parts(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / DAY_MS);
}

/** The local date of a day number (inverse of toDayNumber). */
export function fromDayNumber(dayNumber: number): LocalDate {
  return formatUtcDate(new Date(dayNumber * DAY_MS));
}

function formatUtcDate(d: Date): LocalDate {
  const year = d.getUTCFullYear();
  if (year < 1 || year > 9999) throw new RangeError(`日期超出可处理的范围：${d.toISOString()}`);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** `date` moved by `days` calendar days (negative moves back). */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Negative when a is before b, 0 when equal, positive when after (plain string order works for YYYY-MM-DD). */
export function compareDates(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a, 'a');
  assertLocalDate(b, 'b');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calendar days from a to b (b − a). */
export function calendarDaysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function dayOfWeek(date: LocalDate): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

function toInstant(instant: Date | number | string): Date {
  const d = instant instanceof Date ? new Date(instant.getTime()) : new Date(instant);
  if (Number.isNaN(d.getTime())) throw new RangeError(`无效的时间：${String(instant)}`);
  return d;
}

/** The China local date of an instant: `toChinaDate('2026-10-08T17:00:00Z')` → `'2026-10-09'`. */
export function toChinaDate(instant: Date | number | string): LocalDate {
  return formatUtcDate(new Date(toInstant(instant).getTime() + CHINA_OFFSET_MS));
}

/** The China local time of day of an instant, `HH:mm`. */
export function toChinaTime(instant: Date | number | string): string {
  const shifted = new Date(toInstant(instant).getTime() + CHINA_OFFSET_MS);
  return `${String(shifted.getUTCHours()).padStart(2, '0')}:${String(shifted.getUTCMinutes()).padStart(2, '0')}`;
}

/** Today in China. */
export function todayInChina(now: Date | number = Date.now()): LocalDate {
  return toChinaDate(now);
}

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The instant of a China local date and time: `chinaDateTime('2026-10-09', '09:00')` → 2026-10-09T01:00:00.000Z. */
export function chinaDateTime(date: LocalDate, time: string): Date {
  const match = TIME_PATTERN.exec(time);
  if (!match) throw new RangeError(`时间格式应为 HH:mm（00:00–23:59）：${String(time)}`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return new Date(toDayNumber(date) * DAY_MS + minutes * 60_000 - CHINA_OFFSET_MS);
}
