import { addCalendarDays, dayOfWeek, isWorkingDay, statutoryHolidaysOf, toDayNumber } from '../../calendar';
import type { LocalDate } from '@app/shared';

/**
 * The shape of a year of activity: only working days of the calendar module (holidays, 调休
 * Saturdays worked), Mondays busiest and Fridays quieter, a seasonal swell (spring and autumn,
 * the summer and the December close), and the Spring Festival dip (the working days around the
 * holiday are quiet, the weeks after it pick up slowly).
 */
const WEEKDAY = [0.8, 1.25, 1.1, 1.05, 1.0, 0.85, 0.8]; // Sunday … Saturday (a 调休 weekend day is quiet)
const MONTH = [1.0, 0.85, 1.15, 1.1, 1.05, 1.1, 0.95, 0.95, 1.1, 1.0, 1.05, 1.15]; // January … December

/** The Spring Festival (正月初一) of a year: the second of the law's four 春节 days. */
export function springFestivalOf(year: number): LocalDate {
  const days = [...statutoryHolidaysOf(year)].filter(([, name]) => name.includes('春节')).map(([d]) => d);
  return days.sort()[1]!;
}

/** The factor of the Spring Festival dip on `date`: 0.35 next to it, back to 1 about four weeks out. */
export function springFestivalFactor(date: LocalDate): number {
  const year = Number(date.slice(0, 4));
  let best = 1;
  for (const y of [year - 1, year, year + 1]) {
    const distance = toDayNumber(date) - toDayNumber(springFestivalOf(y));
    // Before: the last two weeks empty out; after: a slow month back to normal.
    const f =
      distance < 0
        ? Math.min(1, 0.35 + (0.65 * Math.max(0, -distance - 1)) / 14)
        : Math.min(1, 0.35 + (0.65 * distance) / 28);
    best = Math.min(best, f);
  }
  return best;
}

export function dayWeight(date: LocalDate): number {
  return WEEKDAY[dayOfWeek(date)]! * MONTH[Number(date.slice(5, 7)) - 1]! * springFestivalFactor(date);
}

/** The working days of the year that ends the day before `today` (365 calendar days). */
export function historyDays(today: LocalDate, calendarDays = 365): LocalDate[] {
  const days: LocalDate[] = [];
  for (let i = calendarDays; i >= 1; i--) {
    const d = addCalendarDays(today, -i);
    if (isWorkingDay(d)) days.push(d);
  }
  return days;
}

/**
 * `total` spread over `days` in proportion to their weight (largest remainders, so the parts add
 * up to `total` exactly), none above `cap` when one is given (the excess goes to the other days).
 */
export function spread(
  total: number,
  days: readonly LocalDate[],
  caps: number | readonly number[] = Infinity,
): number[] {
  const capOf = (i: number) => (typeof caps === 'number' ? caps : (caps[i] ?? Infinity));
  const weights = days.map(dayWeight);
  const out = new Array<number>(days.length).fill(0);
  let left = total;
  let open = days.map((_, i) => i);
  while (left > 0 && open.length > 0) {
    const sum = open.reduce((s, i) => s + weights[i]!, 0);
    const shares = open.map((i) => ({ i, exact: (left * weights[i]!) / sum }));
    let given = 0;
    for (const s of shares) {
      const n = Math.max(0, Math.min(Math.floor(s.exact), capOf(s.i) - out[s.i]!));
      out[s.i]! += n;
      given += n;
    }
    let rest = left - given;
    shares.sort((a, b) => (b.exact % 1) - (a.exact % 1));
    for (const s of shares) {
      if (rest <= 0) break;
      if (out[s.i]! < capOf(s.i)) {
        out[s.i]!++;
        rest--;
      }
    }
    left = rest;
    open = open.filter((i) => out[i]! < capOf(i));
  }
  return out;
}
