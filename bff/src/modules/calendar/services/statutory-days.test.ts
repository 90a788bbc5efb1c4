import * as chineseDays from 'chinese-days';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import type { CalendarDay } from '@app/shared';
import { addCalendarDays, dayOfWeek } from './china-time';
import { clearHolidayNotices, setHolidayNotices } from './holiday-notices';
import { bridgeRiskDaysOf, statutoryHolidaysOf } from './statutory-days';
import {
  addWorkingDays,
  describeDay,
  dueDateWithPauses,
  isProvisionalBridgeDay,
  isProvisionalDate,
  isWorkingDay,
  listDays,
  nextWorkingDay,
  rangeHasProvisionalDays,
  workingDaysBetween,
} from './working-day-calendar';

/**
 * The law (《全国年节及纪念日放假办法》, amended 2024): 元旦 1/1; 春节 除夕–正月初三; 清明 (solar term);
 * 劳动节 5/1–5/2; 端午 五月初五; 中秋 八月十五; 国庆 10/1–10/3. The dates below are written out from
 * the published lunar calendar (春节 2027-02-06, 2028-01-26, 2029-02-13, 2030-02-03; 端午 2027-06-09,
 * 2028-05-28, 2029-06-16, 2030-06-05; 中秋 2027-09-15, 2028-10-03, 2029-09-22, 2030-09-12; 清明
 * 2027-04-05, 2028-04-04, 2029-04-04, 2030-04-05), not computed by the code under test.
 */
const LAW: Record<number, Array<[string, string]>> = {
  2027: [
    ['2027-01-01', '元旦'],
    ['2027-02-05', '春节'],
    ['2027-02-06', '春节'],
    ['2027-02-07', '春节'],
    ['2027-02-08', '春节'],
    ['2027-04-05', '清明节'],
    ['2027-05-01', '劳动节'],
    ['2027-05-02', '劳动节'],
    ['2027-06-09', '端午节'],
    ['2027-09-15', '中秋节'],
    ['2027-10-01', '国庆节'],
    ['2027-10-02', '国庆节'],
    ['2027-10-03', '国庆节'],
  ],
  2028: [
    ['2028-01-01', '元旦'],
    ['2028-01-25', '春节'],
    ['2028-01-26', '春节'],
    ['2028-01-27', '春节'],
    ['2028-01-28', '春节'],
    ['2028-04-04', '清明节'],
    ['2028-05-01', '劳动节'],
    ['2028-05-02', '劳动节'],
    ['2028-05-28', '端午节'],
    ['2028-10-01', '国庆节'],
    ['2028-10-02', '国庆节'],
    // 中秋 falls on the third day of 国庆 in 2028: one day, both names.
    ['2028-10-03', '国庆节、中秋节'],
  ],
  2029: [
    ['2029-01-01', '元旦'],
    ['2029-02-12', '春节'],
    ['2029-02-13', '春节'],
    ['2029-02-14', '春节'],
    ['2029-02-15', '春节'],
    ['2029-04-04', '清明节'],
    ['2029-05-01', '劳动节'],
    ['2029-05-02', '劳动节'],
    ['2029-06-16', '端午节'],
    ['2029-09-22', '中秋节'],
    ['2029-10-01', '国庆节'],
    ['2029-10-02', '国庆节'],
    ['2029-10-03', '国庆节'],
  ],
  2030: [
    ['2030-01-01', '元旦'],
    ['2030-02-02', '春节'],
    ['2030-02-03', '春节'],
    ['2030-02-04', '春节'],
    ['2030-02-05', '春节'],
    ['2030-04-05', '清明节'],
    ['2030-05-01', '劳动节'],
    ['2030-05-02', '劳动节'],
    ['2030-06-05', '端午节'],
    ['2030-09-12', '中秋节'],
    ['2030-10-01', '国庆节'],
    ['2030-10-02', '国庆节'],
    ['2030-10-03', '国庆节'],
  ],
};

const data = chineseDaysData as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
};
const SHORT: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };
const nameOf = (raw: string) => {
  const chinese = raw.split(',')[1]!;
  return SHORT[chinese] ?? chinese;
};

afterEach(() => clearHolidayNotices());

describe('calendar: statutory days computed from the law', () => {
  it.each([2027, 2028, 2029, 2030])('%i: exactly the law’s days, never working days', (year) => {
    expect([...statutoryHolidaysOf(year)]).toEqual(LAW[year]);
    for (const [date, name] of LAW[year]!) {
      expect(describeDay(date)).toMatchObject({
        kind: 'holiday',
        name,
        isWorkingDay: false,
        provisional: true,
      });
    }
    // Every other day of the year: weekends rest, Monday–Friday work (until a notice says more).
    const statutory = new Set(LAW[year]!.map(([d]) => d));
    const days = listDays(`${year}-01-01`, `${year}-12-31`);
    for (const day of days) {
      if (statutory.has(day.date)) continue;
      const weekend = [0, 6].includes(dayOfWeek(day.date));
      expect([day.date, day.kind, day.isWorkingDay]).toEqual([
        day.date,
        weekend ? 'weekend' : 'workday',
        !weekend,
      ]);
    }
  });

  it('agrees with the official arrangements of 2025 and 2026 (the first years under the amended law)', () => {
    for (const year of [2025, 2026]) {
      for (const [date, name] of statutoryHolidaysOf(year)) {
        expect([date, data.holidays[date] && nameOf(data.holidays[date])]).toEqual([date, name]);
        expect(isWorkingDay(date)).toBe(false);
      }
    }
  });

  it('the bridge days it withholds include every bridge day the 2025 and 2026 notices declared', () => {
    for (const year of [2025, 2026]) {
      const bridges = Object.keys(data.holidays).filter(
        (date) =>
          date.startsWith(`${year}-`) &&
          ![0, 6].includes(dayOfWeek(date)) &&
          !statutoryHolidaysOf(year).has(date),
      );
      expect(bridges.length).toBeGreaterThan(5);
      const risky = bridgeRiskDaysOf(year);
      for (const date of bridges) expect([date, risky.has(date)]).toEqual([date, true]);
    }
  });

  it('2027: the bridge days next to the holidays are provisional weekdays; plain weeks are not', () => {
    // 春节: 除夕 Fri 2/5 – 初三 Mon 2/8 → Thu 2/4 (before a weekend holiday) and Tue–Fri 2/9–2/12.
    for (const date of ['2027-02-04', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'])
      expect([date, isProvisionalBridgeDay(date)]).toEqual([date, true]);
    // 清明 Mon 4/5: no bridge; 端午 Wed 6/9: no bridge; 元旦 Fri 1/1: no bridge.
    for (const date of ['2027-01-04', '2027-04-06', '2027-06-08', '2027-06-10', '2027-03-10'])
      expect([date, isProvisionalBridgeDay(date)]).toEqual([date, false]);
    // The holidays themselves are not bridge days (they are off anyway).
    expect(isProvisionalBridgeDay('2027-02-08')).toBe(false);
    // 2026 has its official arrangement: nothing is provisional.
    expect(isProvisionalBridgeDay('2026-10-08')).toBe(false);
  });
});

describe('calendar: 2026 is classified exactly as before (chinese-days’ data, day by day)', () => {
  const westOfUtc = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() > 0;
  (westOfUtc ? it.skip : it)('all 365 days of 2026', () => {
    let checked = 0;
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
      const weekend = [0, 6].includes(dayOfWeek(date));
      const expected: CalendarDay = { date, kind: weekend ? 'weekend' : 'workday', isWorkingDay: !weekend };
      if (data.workdays[date]) {
        Object.assign(expected, {
          kind: weekend ? 'makeup_workday' : 'workday',
          isWorkingDay: true,
          name: nameOf(data.workdays[date]),
          note: '调休上班',
        });
      } else if (data.holidays[date]) {
        Object.assign(expected, { kind: 'holiday', isWorkingDay: false, name: nameOf(data.holidays[date]) });
        if (data.inLieuDays[date]) expected.note = '调休放假';
      }
      expect(describeDay(date)).toEqual(expected);
      // And the package's own functions (correct in this TZ) agree.
      expect([date, isWorkingDay(date)]).toEqual([date, chineseDays.isWorkday(date)]);
      expect([date, isWorkingDay(date)]).toEqual([date, !chineseDays.isHoliday(date)]);
      checked++;
    }
    expect(checked).toBe(365);
  });
});

describe('calendar: years without a notice', () => {
  it('New Year 2027 is not a working day: limits and next working days skip it', () => {
    expect(nextWorkingDay('2026-12-31')).toBe('2027-01-04');
    // 5 working days from Mon 2026-12-28: 12-29, 12-30, 12-31, 01-04, 01-05.
    expect(addWorkingDays('2026-12-28', 5)).toBe('2027-01-05');
    expect(workingDaysBetween('2027-02-04', '2027-02-09')).toBe(1);
  });

  it('a limit that counts provisional days says so; one that stays in 2026 does not', () => {
    expect(rangeHasProvisionalDays('2026-12-28', '2027-01-05')).toBe(true);
    expect(rangeHasProvisionalDays('2026-12-01', '2026-12-31')).toBe(false);
    // (a, b]: starting on 2026-12-31 and due that day counts nothing.
    expect(rangeHasProvisionalDays('2026-12-31', '2026-12-31')).toBe(false);
    expect(isProvisionalDate('2027-03-01')).toBe(true);
    expect(isProvisionalDate('2026-12-31')).toBe(false);
  });

  it('a loaded notice wins over the computed days and over chinese-days’ data, and ends provisional', () => {
    setHolidayNotices([
      {
        year: 2027,
        days: [
          { date: '2027-02-09', kind: 'holiday', name: '春节' },
          { date: '2027-02-20', kind: 'workday', name: '春节' },
          { date: '2027-06-09', kind: 'holiday', name: '端午节' },
        ],
      },
      { year: 2026, days: [{ date: '2026-12-31', kind: 'holiday', name: '元旦' }] },
    ]);
    expect(describeDay('2027-02-09')).toEqual({
      date: '2027-02-09',
      kind: 'holiday',
      name: '春节',
      isWorkingDay: false,
      note: '调休放假',
    });
    expect(describeDay('2027-02-20')).toMatchObject({ kind: 'makeup_workday', isWorkingDay: true });
    // Statutory days the notice leaves out stay off (the law), but are no longer provisional.
    expect(describeDay('2027-02-08')).toEqual({
      date: '2027-02-08',
      kind: 'holiday',
      name: '春节',
      isWorkingDay: false,
    });
    expect(describeDay('2026-12-31')).toMatchObject({ kind: 'holiday', isWorkingDay: false });
    expect(isProvisionalBridgeDay('2027-02-10')).toBe(false);
    expect(rangeHasProvisionalDays('2026-12-28', '2027-12-31')).toBe(false);
    expect(dueDateWithPauses({ start: '2027-02-05', limitDays: 2 }).dueDate).toBe('2027-02-11');
    clearHolidayNotices();
    expect(describeDay('2026-12-31')).toMatchObject({ kind: 'workday', isWorkingDay: true });
  });
});
