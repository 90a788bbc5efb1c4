// Local dates `YYYY-MM-DD` in China time (UTC+8, no DST), whatever the device's zone.

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/** Today in China. */
export function chinaToday(now: Date = new Date()): string {
  const china = new Date(now.getTime() + 8 * 3600_000);
  return `${china.getUTCFullYear()}-${pad(china.getUTCMonth() + 1)}-${pad(china.getUTCDate())}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 0 = Sunday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** `10月13日 周二` (with the year when it is not this year's). */
export function formatDay(date: string, today: string = chinaToday()): string {
  const [y, m, d] = parts(date);
  const year = today.slice(0, 4) === String(y) ? '' : `${y}年`;
  return `${year}${m}月${d}日 周${WEEKDAYS[weekdayOf(date)]}`;
}

/** A month as `YYYY-MM`. */
export type Month = string;

export const monthOf = (date: string): Month => date.slice(0, 7);

export function shiftMonth(month: Month, delta: number): Month {
  const [y, m] = month.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + delta, 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}`;
}

export function monthLabel(month: Month): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}

/** First and last day of the month (both inclusive: at most 31 days, the availability route's limit). */
export function monthRange(month: Month): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${pad(last)}` };
}

/** Weeks (Monday first) of the month: each cell a date or null (padding). */
export function monthGrid(month: Month): Array<Array<string | null>> {
  const { from, to } = monthRange(month);
  const lead = (weekdayOf(from) + 6) % 7;
  const cells: Array<string | null> = Array.from({ length: lead }, () => null);
  for (let d = from; d <= to; d = addDays(d, 1)) cells.push(d);
  while (cells.length % 7) cells.push(null);
  const weeks: Array<Array<string | null>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export const WEEK_HEADER = ['一', '二', '三', '四', '五', '六', '日'];
