import { addCalendarDays } from './china-time';
import { workingDaysBetween } from './working-day-calendar';

/**
 * Working days a case took: from the day after 受理 up to and including 办结 (the calendar's
 * workingDaysBetween), less the working days the clock was stopped for 补正 (pauses, inclusive).
 */
export function processingWorkingDays(
  accepted: string,
  closed: string,
  pauses: ReadonlyArray<{ from: string; to?: string }>,
  memo: Map<string, number> = new Map(),
): number {
  const between = (a: string, b: string) => {
    const key = `${a}|${b}`;
    let n = memo.get(key);
    if (n === undefined) {
      n = workingDaysBetween(a, b);
      memo.set(key, n);
    }
    return n;
  };
  let days = between(accepted, closed);
  for (const p of pauses) {
    // Clip the pause to (accepted, closed].
    const from = p.from > accepted ? p.from : addCalendarDays(accepted, 1);
    const to = p.to && p.to < closed ? p.to : closed;
    if (from <= to) days -= between(addCalendarDays(from, -1), to);
  }
  return Math.max(0, days);
}
