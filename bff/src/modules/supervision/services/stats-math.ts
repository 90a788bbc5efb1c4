import { addCalendarDays, chinaDateTime, isWorkingDay, toChinaDate } from '../../calendar';

/** A value and how many times it occurred (grouped rows from the pipelines). */
export type Weighted = Array<[value: number, weight: number]>;

/**
 * Nearest-rank quantile of weighted values: the smallest value whose cumulative weight reaches
 * ⌈q × total⌉ (median of 1,2,3,4 is 2; p90 of 1…10 is 9). null without values.
 */
export function quantile(values: Weighted, q: number): number | null {
  const total = values.reduce((a, [, w]) => a + w, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  const sorted = [...values].sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [v, w] of sorted) {
    seen += w;
    if (seen >= rank) return v;
  }
  return sorted[sorted.length - 1]![0];
}

export const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
};

/** a / b to 4 decimals, null when there is nothing to divide by. */
export function ratio(a: number, b: number): number | null {
  return b > 0 ? round(a / b, 4) : null;
}

export function mean(total: number, count: number, digits = 2): number | null {
  return count > 0 ? round(total / count, digits) : null;
}

const roundOrNull = (n: number | null, digits: number) => (n === null ? null : round(n, digits));
export function medianAndP90(values: Weighted, digits = 1): { median: number | null; p90: number | null } {
  return {
    median: roundOrNull(quantile(values, 0.5), digits),
    p90: roundOrNull(quantile(values, 0.9), digits),
  };
}

/** Adds `w` under `key` in a Weighted-by-value map. */
export function addWeighted(map: Map<number, number>, value: number, weight: number) {
  map.set(value, (map.get(value) ?? 0) + weight);
}
export const weighted = (map: Map<number, number> | undefined): Weighted => [...(map ?? new Map())];

/** Office hours the answer-time figure counts: 09:00–17:00 China time on working days. */
export const OFFICE_OPEN = '09:00';
export const OFFICE_CLOSE = '17:00';

/**
 * Working hours between two instants: the overlap with 09:00–17:00 of each working day (statutory
 * calendar with 调休), so a question asked on Friday evening and answered Monday 10:00 took 1 hour.
 */
export function workingHoursBetween(start: Date, end: Date): number {
  if (end <= start) return 0;
  let ms = 0;
  let day = toChinaDate(start);
  const last = toChinaDate(end);
  while (day <= last) {
    if (isWorkingDay(day)) {
      const open = chinaDateTime(day, OFFICE_OPEN).getTime();
      const close = chinaDateTime(day, OFFICE_CLOSE).getTime();
      const a = Math.max(open, start.getTime());
      const b = Math.min(close, end.getTime());
      if (b > a) ms += b - a;
    }
    day = addCalendarDays(day, 1);
  }
  return ms / 3_600_000;
}
