import type { CalendarDay, DayKind, LocalDate } from '@app/shared';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { assertLocalDate, fromDayNumber, toDayNumber } from './china-time';
import { hasNoticeFor, noticeDayOn } from './holiday-notices';
import { bridgeRiskDaysOf, statutoryHolidayOn } from './statutory-days';

/**
 * The working-day calendar of the whole BFF: China's statutory holidays and make-up working days
 * (调休) from `chinese-days`, plus the closures a hall declares.
 *
 * Every date is a China local date string `YYYY-MM-DD` (see china-time.ts for instants). All
 * functions are pure: the only data are the package's tables and the closures passed in.
 *
 * Why the package's data file and not its functions: chinese-days (1.5.7) builds its tables at load
 * time by parsing `YYYY-M-D` as UTC midnight and formatting with local getters, so in a process whose
 * TZ is west of UTC (e.g. America/*) every holiday moves one day earlier. Its shipped data file
 * (dist/chinese-days.json: holidays, make-up working days, in-lieu days) is TZ-free, and this module
 * applies the package's own rules to it (isWorkday = make-up day, or Monday–Friday that is not a
 * holiday). The tests check the result against isWorkday/isInLieu/getDayDetail day by day.
 *
 * Data coverage: chinese-days 1.5.7 holds the State Council's arrangements for 2004–2026 (see
 * statutoryDataCoverage()). Each day is decided by, in this order:
 * 1. the year's official notice an admin loaded (holiday-notices.ts, `npm run calendar:import`);
 * 2. chinese-days' data for the years it covers;
 * 3. for any other year, the law's statutory days (statutory-days.ts: 元旦, 除夕–初三, 清明, 5/1–5/2,
 *    端午, 中秋, 10/1–10/3), which are never working days, then the weekends.
 * A year decided by 3 alone is provisional (`provisional: true` and a note): its bridge days and
 * 调休 weekends are not known until the notice is loaded (usually published in November).
 *
 * Counting convention for government time limits (办理时限, 承诺时限 in working days):
 * the limit is counted from the day AFTER the starting event (受理): the starting day itself never
 * counts, even when it is a working day. `addWorkingDays(start, n)` is the n-th working day after
 * `start`, and it is the last day of the limit (the due date, inclusive). Accepted on Monday with a
 * 3-working-day limit → due Thursday. Accepted on the day before the National Day week → the count
 * starts on the first working day after the holiday.
 */

/** A hall's declared closures: local date → reason (e.g. 系统升级停止对外办公). */
export type Closures = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export interface StatutoryCoverage {
  firstYear: number;
  lastYear: number;
}

/** chinese-days' data: date → `English name,中文名,法定天数`. */
interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}
const data: ChineseDaysData = chineseDaysData;

/** Short names in chinese-days' tables → the names people use. */
const HOLIDAY_NAMES: Record<string, string> = {
  清明: '清明节',
  端午: '端午节',
  中秋: '中秋节',
};

function lookup(table: Record<string, string>, date: LocalDate): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, date) ? table[date] : undefined;
}

/** `National Day,国庆节,3` → 国庆节. */
function holidayName(raw: string): string {
  const chinese = (raw.split(',')[1] ?? raw).trim();
  return HOLIDAY_NAMES[chinese] ?? chinese;
}

let coverage: StatutoryCoverage | undefined;

/** The years chinese-days holds official arrangements for (2004–2026 with chinese-days 1.5.7). */
export function statutoryDataCoverage(): StatutoryCoverage {
  if (coverage) return coverage;
  const years = Object.keys(data.holidays).map((date) => Number(date.slice(0, 4)));
  if (years.length === 0) throw new Error('chinese-days 未包含任何年度的节假日安排');
  coverage = { firstYear: Math.min(...years), lastYear: Math.max(...years) };
  return coverage;
}

export function isYearCovered(year: number): boolean {
  const { firstYear, lastYear } = statutoryDataCoverage();
  return year >= firstYear && year <= lastYear;
}

interface StatutoryDay {
  kind: Exclude<DayKind, 'closure'>;
  name?: string;
  /** A weekday off that is paid back by a make-up working day (调休). */
  inLieu: boolean;
  /** No official arrangement (package data or loaded notice) for the year: the law and weekends only. */
  provisional: boolean;
}

/** The note on every provisional day. */
export const PROVISIONAL_DAY_NOTE =
  '该年度放假安排通知尚未发布：按法定节假日和周末预计，调休安排公布后可能变化';

/** Why a provisional bridge day has no booking (slot generation, availability). */
export const PROVISIONAL_BRIDGE_NOTE = '节假日安排通知尚未发布，节日前后的工作日暂不开放预约';

/** Whether the year has an official arrangement: a loaded notice or chinese-days' data. */
export function isYearOfficial(year: number): boolean {
  return hasNoticeFor(year) || isYearCovered(year);
}

/** Whether `date` is provisional: its year has no official arrangement yet. */
export function isProvisionalDate(date: LocalDate): boolean {
  return !isYearOfficial(Number(assertLocalDate(date).slice(0, 4)));
}

/**
 * A provisional weekday the year's notice will probably make a day off (a bridge day next to a
 * statutory holiday, see statutory-days.ts bridgeRiskDaysOf): no booking is opened on it until the
 * notice is loaded. False in every year with an official arrangement.
 */
export function isProvisionalBridgeDay(date: LocalDate): boolean {
  const year = Number(assertLocalDate(date).slice(0, 4));
  if (isYearOfficial(year)) return false;
  return bridgeRiskDaysOf(year).has(date) && isStatutoryWorkingDay(date);
}

/** Whether any day in (a, b] (the days a limit counts, see addWorkingDays) is provisional. */
export function rangeHasProvisionalDays(a: LocalDate, b: LocalDate): boolean {
  const [low, high] = compareLocal(a, b) <= 0 ? [a, b] : [b, a];
  const first = fromDayNumber(toDayNumber(low) + 1);
  if (first > high) return false;
  for (let year = Number(first.slice(0, 4)); year <= Number(high.slice(0, 4)); year++) {
    if (!isYearOfficial(year)) return true;
  }
  return false;
}

/**
 * Whether a due date may still move when a holiday notice is loaded: it, or a day counted since
 * `startDate`, lies in a year without an official arrangement. Shown as 预计 (provisionalDateLabel).
 */
export function isDueDateProvisional(dueDate: string | null | undefined, startDate?: string): boolean {
  if (!dueDate) return false;
  if (isProvisionalDate(dueDate)) return true;
  return startDate !== undefined && rangeHasProvisionalDays(startDate, dueDate);
}

function compareLocal(a: LocalDate, b: LocalDate): number {
  assertLocalDate(a, 'a');
  assertLocalDate(b, 'b');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday for a day number (1970-01-01 was a Thursday). */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * The state's view of a day, chinese-days' rules: a make-up day works, then a holiday rests, then
 * Monday–Friday work. Unchecked: `date` must be a valid local date and `dayNumber` its day number;
 * the exported functions validate their input once and then walk day numbers.
 */
function statutoryAt(date: LocalDate, dayNumber: number): StatutoryDay {
  const weekday = weekdayOf(dayNumber);
  const weekend = weekday === 0 || weekday === 6;
  const year = Number(date.slice(0, 4));
  const noticed = noticeDayOn(date);
  if (noticed !== undefined) {
    const working = noticed.kind === 'workday';
    return {
      kind: working ? (weekend ? 'makeup_workday' : 'workday') : 'holiday',
      name: noticed.name,
      inLieu: !working && !weekend && statutoryHolidayOn(date) === undefined,
      provisional: false,
    };
  }
  if (isYearCovered(year)) {
    const makeup = lookup(data.workdays, date);
    if (makeup !== undefined) {
      return {
        kind: weekend ? 'makeup_workday' : 'workday',
        name: holidayName(makeup),
        inLieu: false,
        provisional: false,
      };
    }
    const holiday = lookup(data.holidays, date);
    if (holiday !== undefined) {
      return {
        kind: 'holiday',
        name: holidayName(holiday),
        inLieu: lookup(data.inLieuDays, date) !== undefined,
        provisional: false,
      };
    }
    return { kind: weekend ? 'weekend' : 'workday', inLieu: false, provisional: false };
  }
  const provisional = !hasNoticeFor(year);
  const statutory = statutoryHolidayOn(date);
  if (statutory !== undefined) return { kind: 'holiday', name: statutory, inLieu: false, provisional };
  return { kind: weekend ? 'weekend' : 'workday', inLieu: false, provisional };
}

function workingAt(date: LocalDate, dayNumber: number, closures: Closures | undefined): boolean {
  const { kind } = statutoryAt(date, dayNumber);
  return (kind === 'workday' || kind === 'makeup_workday') && closureReason(closures, date) === undefined;
}

export function closureReason(closures: Closures | undefined, date: LocalDate): string | undefined {
  if (!closures) return undefined;
  if (closures instanceof Map) return closures.get(date);
  const record = closures as Readonly<Record<string, string>>;
  return Object.prototype.hasOwnProperty.call(record, date) ? record[date] : undefined;
}

/** Closures from repository rows. */
export function closuresFrom(rows: Iterable<{ date: string; reason: string }>): Map<string, string> {
  const map = new Map<string, string>();
  for (const row of rows) map.set(row.date, row.reason);
  return map;
}

/** Whether the state works on `date` (ordinary weekday or 调休 make-up day), ignoring closures. */
export function isStatutoryWorkingDay(date: LocalDate): boolean {
  return workingAt(date, toDayNumber(date), undefined);
}

/** Whether a hall with these closures works on `date`. */
export function isWorkingDay(date: LocalDate, closures?: Closures): boolean {
  return workingAt(date, toDayNumber(date), closures);
}

/**
 * The day as a hall sees it. A closure on a day that would be working makes it `closure` (note: the
 * reason); a closure on a day that is off anyway keeps the day's kind and adds the reason to the note.
 */
export function describeDay(date: LocalDate, closures?: Closures): CalendarDay {
  return describeAt(date, toDayNumber(date), closures);
}

function describeAt(date: LocalDate, dayNumber: number, closures: Closures | undefined): CalendarDay {
  const statutory = statutoryAt(date, dayNumber);
  const reason = closureReason(closures, date);
  const notes: string[] = [];
  if (reason !== undefined) notes.push(reason || '大厅闭厅');
  if (statutory.kind === 'makeup_workday') notes.push('调休上班');
  if (statutory.inLieu) notes.push('调休放假');
  if (statutory.provisional) notes.push(PROVISIONAL_DAY_NOTE);
  const working = statutory.kind === 'workday' || statutory.kind === 'makeup_workday';
  const kind: DayKind = working && reason !== undefined ? 'closure' : statutory.kind;
  const day: CalendarDay = { date, kind, isWorkingDay: working && reason === undefined };
  if (statutory.name) day.name = statutory.name;
  if (notes.length > 0) day.note = notes.join('；');
  if (statutory.provisional) day.provisional = true;
  return day;
}

/** Every day from `from` to `to`, both inclusive (a month view). */
export function listDays(from: LocalDate, to: LocalDate, closures?: Closures): CalendarDay[] {
  const first = toDayNumber(from);
  const last = toDayNumber(to);
  if (first > last) throw new RangeError(`结束日期 ${to} 早于开始日期 ${from}`);
  const days: CalendarDay[] = [];
  for (let n = first; n <= last; n++) days.push(describeAt(fromDayNumber(n), n, closures));
  return days;
}

/** Protects against a runaway loop (there is always a working day within a few weeks). */
const MAX_SCAN_DAYS = 366 * 30;

export interface AddWorkingDaysOptions {
  closures?: Closures;
}

/**
 * The date after `n` working days, counted from the day after `startDate` (see the convention at
 * the top): n ≥ 1 → the n-th working day after startDate; n = 0 → startDate when it is a working
 * day, else the next working day.
 */
export function addWorkingDays(startDate: LocalDate, n: number, opts: AddWorkingDaysOptions = {}): LocalDate {
  assertLocalDate(startDate, 'startDate');
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数须为非负整数：${n}`);
  const { closures } = opts;
  if (n === 0 && isWorkingDay(startDate, closures)) return startDate;
  let remaining = Math.max(n, 1);
  const first = toDayNumber(startDate);
  for (let day = first + 1; day <= first + MAX_SCAN_DAYS; day++) {
    const date = fromDayNumber(day);
    if (workingAt(date, day, closures) && --remaining === 0) return date;
  }
  throw new Error(`${MAX_SCAN_DAYS} 天内找不到足够的工作日`);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: LocalDate, closures?: Closures): LocalDate {
  return addWorkingDays(date, 1, { closures });
}

/**
 * Working days in the half-open range (a, b]: after a, up to and including b — the same
 * convention as addWorkingDays, so workingDaysBetween(d, addWorkingDays(d, n)) === n for n ≥ 1.
 * When b is before a the result is negative: −workingDaysBetween(b, a). Equal dates → 0.
 */
export function workingDaysBetween(a: LocalDate, b: LocalDate, closures?: Closures): number {
  const na = toDayNumber(a);
  const nb = toDayNumber(b);
  const [low, high, sign] = na <= nb ? [na, nb, 1] : [nb, na, -1];
  let count = 0;
  for (let day = low + 1; day <= high; day++) {
    if (workingAt(fromDayNumber(day), day, closures)) count++;
  }
  return count === 0 ? 0 : sign * count;
}

/** A stop of the clock, e.g. waiting for 补正 materials. Both ends inclusive; no `to` = still stopped. */
export interface Pause {
  from: LocalDate;
  to?: LocalDate;
}

export interface DueDateInput {
  /** The starting day (受理日); counting starts the day after. */
  start: LocalDate;
  /** The time limit in working days, ≥ 1. */
  limitDays: number;
  pauses?: readonly Pause[];
  closures?: Closures;
}

export interface DueDateResult {
  /** Last day of the limit (inclusive); null while an open pause stops the clock. */
  dueDate: LocalDate | null;
  /** Working days inside pauses that were not counted (up to the due date, or until an open pause began). */
  pausedWorkingDays: number;
  /** Working days of the limit already used. Equals limitDays when dueDate is set. */
  countedWorkingDays: number;
  /** Working days left to run when the clock is stopped by an open pause; 0 when dueDate is set. */
  remainingWorkingDays: number;
}

/**
 * The due date of a limit in working days whose clock stops during pauses (补正): working days from
 * a pause's `from` to its `to`, both inclusive, do not count — the day the 补正 notice goes out and
 * the day the complete materials arrive are both outside the clock, which resumes the next working
 * day (the same "from the day after" rule as after 受理). Pauses may overlap and may be unordered.
 * A pause without `to` stops the clock from its `from` on: dueDate is null and remainingWorkingDays
 * says how much of the limit is left.
 */
export function dueDateWithPauses(input: DueDateInput): DueDateResult {
  const { start, limitDays, pauses = [], closures } = input;
  assertLocalDate(start, 'start');
  if (!Number.isInteger(limitDays) || limitDays < 1)
    throw new RangeError(`时限须为正整数个工作日：${limitDays}`);
  let openFrom = Infinity;
  const closed: Array<{ from: number; to: number }> = [];
  for (const pause of pauses) {
    const from = toDayNumber(assertLocalDate(pause.from, 'pause.from'));
    if (pause.to === undefined) {
      openFrom = Math.min(openFrom, from);
      continue;
    }
    const to = toDayNumber(assertLocalDate(pause.to, 'pause.to'));
    if (from > to) throw new RangeError(`暂停结束日期 ${pause.to} 早于开始日期 ${pause.from}`);
    closed.push({ from, to });
  }
  const inClosedPause = (day: number) => closed.some((p) => p.from <= day && day <= p.to);

  let counted = 0;
  let paused = 0;
  const first = toDayNumber(start);
  for (let day = first + 1; day <= first + MAX_SCAN_DAYS; day++) {
    if (day >= openFrom) {
      return {
        dueDate: null,
        pausedWorkingDays: paused,
        countedWorkingDays: counted,
        remainingWorkingDays: limitDays - counted,
      };
    }
    const date = fromDayNumber(day);
    if (!workingAt(date, day, closures)) continue;
    if (inClosedPause(day)) {
      paused++;
      continue;
    }
    if (++counted === limitDays) {
      return {
        dueDate: date,
        pausedWorkingDays: paused,
        countedWorkingDays: counted,
        remainingWorkingDays: 0,
      };
    }
  }
  throw new Error(`${MAX_SCAN_DAYS} 天内找不到足够的工作日`);
}
