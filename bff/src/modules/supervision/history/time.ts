import { addWorkingDays, chinaDateTime, toChinaDate } from '../../calendar';
import type { Rng } from './random';

/** Office hours the generated events fall in (China time), minutes of the day. */
const OPEN = 8 * 60 + 30;
const CLOSE = 17 * 60 + 30;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** An instant on `day` between 08:30 and 17:30, mornings busier. */
export function officeTime(rng: Rng, day: string): Date {
  const morning = rng.chance(0.58);
  const m = morning ? rng.int(OPEN, 11 * 60 + 40) : rng.int(13 * 60 + 20, CLOSE - 10);
  return new Date(chinaDateTime(day, hhmm(m)).getTime() + rng.int(0, 59) * 1000);
}

/**
 * The next event's instant: on `day` (a working day) after `cursor` when the cursor is that same
 * day (a few minutes to an hour later, never past 23:00), else in office hours.
 */
export function after(rng: Rng, cursor: Date, day: string, minMinutes = 2, maxMinutes = 90): Date {
  if (toChinaDate(cursor) !== day) {
    const t = officeTime(rng, day);
    if (t > cursor) return t;
  }
  const t = new Date(cursor.getTime() + rng.int(minMinutes * 60, maxMinutes * 60) * 1000);
  return toChinaDate(t) === day ? t : new Date(cursor.getTime() + 60_000);
}

/** `n` working days after `day` (0: the day itself when it is one). */
export const workingDaysAfter = (day: string, n: number) => addWorkingDays(day, n);
