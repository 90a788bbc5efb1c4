import * as chineseDays from 'chinese-days';
import { addCalendarDays, dayOfWeek } from './china-time';
import {
  addWorkingDays,
  closuresFrom,
  describeDay,
  dueDateWithPauses,
  isStatutoryWorkingDay,
  isWorkingDay,
  listDays,
  nextWorkingDay,
  statutoryDataCoverage,
  workingDaysBetween,
} from './working-day-calendar';

/**
 * The 2026 arrangement, as published by the State Council (国办发明电〔2025〕7号,
 * https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm) and held by chinese-days 1.5.7:
 *   春节   2月15日（周日）至23日（周一）放假调休，共9天；2月14日（周六）、2月28日（周六）上班
 *   中秋节 9月25日（周五）至27日（周日）放假，共3天
 *   国庆节 10月1日（周四）至7日（周三）放假调休，共7天；9月20日（周日）、10月10日（周六）上班
 */
const kinds = (from: string, to: string) => listDays(from, to).map((d) => `${d.date} ${d.kind}`);

describe('calendar: chinese-days data', () => {
  it('covers the official arrangements of 2004–2026', () => {
    expect(statutoryDataCoverage()).toEqual({ firstYear: 2004, lastYear: 2026 });
  });

  it('a year without an arrangement knows the law and the weekends, and says it is provisional', () => {
    const day = describeDay('2027-01-01');
    expect(day).toMatchObject({ kind: 'holiday', name: '元旦', isWorkingDay: false, provisional: true });
    expect(day.note).toMatch(/放假安排通知尚未发布/);
    expect(describeDay('2027-01-04')).toMatchObject({ kind: 'workday', provisional: true });
    expect(describeDay('2026-01-05').note).toBeUndefined();
    expect(describeDay('2026-01-05').provisional).toBeUndefined();
  });

  const westOfUtc = new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() > 0;
  // chinese-days' own functions shift every holiday by a day in TZs west of UTC (see the service).
  (westOfUtc ? it.skip : it)(
    'agrees with chinese-days isWorkday/isInLieu/getDayDetail on every day of 2004–2026',
    () => {
      const mismatches: string[] = [];
      for (let date = '2004-01-01'; date <= '2026-12-31'; date = addCalendarDays(date, 1)) {
        const day = describeDay(date);
        const detail = chineseDays.getDayDetail(date);
        const inLieu = chineseDays.isInLieu(date);
        if (day.isWorkingDay !== chineseDays.isWorkday(date) || detail.work !== day.isWorkingDay)
          mismatches.push(date);
        if (inLieu !== (day.note?.includes('调休放假') ?? false)) mismatches.push(`${date} in lieu`);
      }
      expect(mismatches).toEqual([]);
    },
  );
});

describe('calendar: 2026 National Day week and Mid-Autumn Festival', () => {
  it('1–7 October are 国庆节 holidays, 6–7 October are 调休 days off', () => {
    const week = listDays('2026-10-01', '2026-10-07');
    expect(week.every((d) => d.kind === 'holiday' && !d.isWorkingDay && d.name === '国庆节')).toBe(true);
    expect(week.filter((d) => d.note === '调休放假').map((d) => d.date)).toEqual([
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(dayOfWeek('2026-10-01')).toBe(4);
    expect(dayOfWeek('2026-10-07')).toBe(3);
  });

  it('Saturday 10 October and Sunday 20 September are make-up working days (调休上班)', () => {
    expect(describeDay('2026-10-10')).toEqual({
      date: '2026-10-10',
      kind: 'makeup_workday',
      isWorkingDay: true,
      name: '国庆节',
      note: '调休上班',
    });
    expect(dayOfWeek('2026-10-10')).toBe(6);
    expect(describeDay('2026-09-20')).toMatchObject({
      kind: 'makeup_workday',
      isWorkingDay: true,
      name: '国庆节',
    });
    expect(dayOfWeek('2026-09-20')).toBe(0);
    expect(isWorkingDay('2026-10-10')).toBe(true);
  });

  it('the days around the holiday are ordinary', () => {
    expect(kinds('2026-09-28', '2026-10-12')).toEqual([
      '2026-09-28 workday',
      '2026-09-29 workday',
      '2026-09-30 workday',
      '2026-10-01 holiday',
      '2026-10-02 holiday',
      '2026-10-03 holiday',
      '2026-10-04 holiday',
      '2026-10-05 holiday',
      '2026-10-06 holiday',
      '2026-10-07 holiday',
      '2026-10-08 workday',
      '2026-10-09 workday',
      '2026-10-10 makeup_workday',
      '2026-10-11 weekend',
      '2026-10-12 workday',
    ]);
  });

  it('中秋节 is 25–27 September (Fri–Sun), separate from National Day in 2026', () => {
    expect(listDays('2026-09-25', '2026-09-27').map((d) => [d.kind, d.name])).toEqual([
      ['holiday', '中秋节'],
      ['holiday', '中秋节'],
      ['holiday', '中秋节'],
    ]);
    expect(describeDay('2026-09-24').kind).toBe('workday');
    expect(describeDay('2026-09-19').kind).toBe('weekend');
  });
});

describe('calendar: 2026 Spring Festival', () => {
  it('15–23 February are 春节 holidays; 14 and 28 February (Saturdays) are worked', () => {
    const days = listDays('2026-02-13', '2026-03-01');
    const holiday = days.filter((d) => d.kind === 'holiday');
    expect(holiday.map((d) => d.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(holiday.every((d) => d.name === '春节')).toBe(true);
    expect(days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date)).toEqual([
      '2026-02-14',
      '2026-02-28',
    ]);
    expect(describeDay('2026-02-24').kind).toBe('workday');
    expect(describeDay('2026-03-01').kind).toBe('weekend');
  });
});

describe('calendar: ordinary weeks', () => {
  it('Saturday and Sunday are weekends, Monday–Friday workdays', () => {
    expect(kinds('2026-03-07', '2026-03-15')).toEqual([
      '2026-03-07 weekend',
      '2026-03-08 weekend',
      '2026-03-09 workday',
      '2026-03-10 workday',
      '2026-03-11 workday',
      '2026-03-12 workday',
      '2026-03-13 workday',
      '2026-03-14 weekend',
      '2026-03-15 weekend',
    ]);
    expect(describeDay('2026-03-09')).toEqual({ date: '2026-03-09', kind: 'workday', isWorkingDay: true });
  });

  it('rejects invalid dates', () => {
    expect(() => describeDay('2026-02-29')).toThrow(RangeError);
    expect(() => isWorkingDay('2026/10/01')).toThrow(RangeError);
    expect(() => listDays('2026-10-02', '2026-10-01')).toThrow(RangeError);
  });
});

describe('calendar: hall closures', () => {
  const hallA = closuresFrom([{ date: '2026-10-09', reason: '系统升级，暂停对外办公' }]);

  it('a closure makes a working day non-working for that hall only', () => {
    expect(isWorkingDay('2026-10-09', hallA)).toBe(false);
    expect(isWorkingDay('2026-10-09')).toBe(true);
    expect(isWorkingDay('2026-10-09', new Map())).toBe(true);
    expect(isStatutoryWorkingDay('2026-10-09')).toBe(true);
    expect(describeDay('2026-10-09', hallA)).toEqual({
      date: '2026-10-09',
      kind: 'closure',
      isWorkingDay: false,
      note: '系统升级，暂停对外办公',
    });
  });

  it('accepts a plain record too, and a closure on a make-up Saturday closes it', () => {
    const day = describeDay('2026-10-10', { '2026-10-10': '停电检修' });
    expect(day).toMatchObject({ kind: 'closure', isWorkingDay: false, name: '国庆节' });
    expect(day.note).toBe('停电检修；调休上班');
  });

  it('a closure on a holiday keeps the holiday and adds the reason', () => {
    const day = describeDay('2026-10-01', { '2026-10-01': '国庆闭厅' });
    expect(day).toMatchObject({ kind: 'holiday', isWorkingDay: false, name: '国庆节', note: '国庆闭厅' });
    expect(describeDay('2026-10-01', {}).note).toBeUndefined();
  });

  it('closures move working-day counts', () => {
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 3, { closures: hallA })).toBe('2026-10-12');
    expect(workingDaysBetween('2026-09-30', '2026-10-12', hallA)).toBe(3);
    expect(nextWorkingDay('2026-10-08', hallA)).toBe('2026-10-10');
  });
});

describe('calendar: addWorkingDays (counted from the day after acceptance)', () => {
  it('accepted on Monday with a 3-working-day limit → due Thursday', () => {
    expect(dayOfWeek('2026-03-09')).toBe(1);
    expect(addWorkingDays('2026-03-09', 3)).toBe('2026-03-12');
    expect(addWorkingDays('2026-03-13', 1)).toBe('2026-03-16'); // Friday + 1 → Monday
  });

  it('n = 0 is the same day when working, else the next working day', () => {
    expect(addWorkingDays('2026-03-09', 0)).toBe('2026-03-09');
    expect(addWorkingDays('2026-03-14', 0)).toBe('2026-03-16');
    expect(addWorkingDays('2026-10-01', 0)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-09', 0, { closures: { '2026-10-09': '闭厅' } })).toBe('2026-10-10');
  });

  it('skips the National Day week and counts its make-up Saturday', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 2)).toBe('2026-10-09');
    expect(addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4)).toBe('2026-10-12');
    // Accepted on a holiday: counting starts on the first working day after it.
    expect(addWorkingDays('2026-10-03', 1)).toBe('2026-10-08');
    // Accepted on Monday 21 September: 中秋节 (Fri 25) and the whole National Day week are skipped.
    expect(addWorkingDays('2026-09-21', 5)).toBe('2026-09-29');
    expect(addWorkingDays('2026-09-21', 7)).toBe('2026-10-08');
    // Across the Spring Festival: the make-up Saturday 14 February counts.
    expect(addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
  });

  it('rejects negative or fractional counts', () => {
    expect(() => addWorkingDays('2026-03-09', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-09', 1.5)).toThrow(RangeError);
  });

  it('nextWorkingDay is the first working day strictly after the date', () => {
    expect(nextWorkingDay('2026-03-09')).toBe('2026-03-10');
    expect(nextWorkingDay('2026-09-19')).toBe('2026-09-20'); // the make-up Sunday
    expect(nextWorkingDay('2026-09-30')).toBe('2026-10-08');
  });
});

describe('calendar: workingDaysBetween (after a, up to and including b)', () => {
  it('counts October 2026: 18 working days, including the make-up Saturday', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-31')).toBe(18);
    expect(chineseDays.getWorkdaysInRange('2026-10-01', '2026-10-31').length).toBe(18);
  });

  it('counts across the National Day week', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4);
    expect(workingDaysBetween('2026-10-01', '2026-10-07')).toBe(0);
    expect(workingDaysBetween('2026-03-09', '2026-03-12')).toBe(3);
  });

  it('is 0 for the same day and negative when b is before a', () => {
    expect(workingDaysBetween('2026-10-09', '2026-10-09')).toBe(0);
    expect(workingDaysBetween('2026-10-12', '2026-09-30')).toBe(-4);
    expect(Object.is(workingDaysBetween('2026-10-07', '2026-10-01'), 0)).toBe(true); // never -0
  });
});

describe('calendar: dueDateWithPauses (the clock stops while waiting for 补正)', () => {
  it('without pauses it is addWorkingDays', () => {
    expect(dueDateWithPauses({ start: '2026-09-21', limitDays: 5 })).toEqual({
      dueDate: '2026-09-29',
      pausedWorkingDays: 0,
      countedWorkingDays: 5,
      remainingWorkingDays: 0,
    });
  });

  it('a 补正 pause spanning a weekend, 中秋节 and the National Day week', () => {
    // 受理 Mon 21 Sep; counted: 22, 23 Sep. 补正 notice Thu 24 Sep, complete materials Thu 8 Oct:
    // paused working days 24, 28, 29, 30 Sep and 8 Oct (weekend, 中秋节 and 国庆节 are off anyway).
    // Resumes Fri 9 Oct (3), make-up Sat 10 Oct (4), Mon 12 Oct (5).
    expect(
      dueDateWithPauses({
        start: '2026-09-21',
        limitDays: 5,
        pauses: [{ from: '2026-09-24', to: '2026-10-08' }],
      }),
    ).toEqual({
      dueDate: '2026-10-12',
      pausedWorkingDays: 5,
      countedWorkingDays: 5,
      remainingWorkingDays: 0,
    });
  });

  it('a pause over a weekend alone costs no working days', () => {
    const result = dueDateWithPauses({
      start: '2026-03-09',
      limitDays: 5,
      pauses: [{ from: '2026-03-14', to: '2026-03-15' }],
    });
    expect(result).toMatchObject({ dueDate: '2026-03-16', pausedWorkingDays: 0 });
  });

  it('several, overlapping and unordered pauses; pauses after the due date do not matter', () => {
    const result = dueDateWithPauses({
      start: '2026-03-09',
      limitDays: 3,
      pauses: [
        { from: '2026-03-12', to: '2026-03-12' },
        { from: '2026-03-10', to: '2026-03-10' },
        { from: '2026-03-10', to: '2026-03-11' },
        { from: '2026-06-01', to: '2026-06-30' },
      ],
    });
    // Paused 10, 11, 12 March; counted 13, 16, 17 March.
    expect(result).toEqual({
      dueDate: '2026-03-17',
      pausedWorkingDays: 3,
      countedWorkingDays: 3,
      remainingWorkingDays: 0,
    });
  });

  it('hall closures and pauses combine', () => {
    const result = dueDateWithPauses({
      start: '2026-09-21',
      limitDays: 5,
      pauses: [{ from: '2026-09-24', to: '2026-10-08' }],
      closures: { '2026-10-10': '停电检修' },
    });
    expect(result).toMatchObject({ dueDate: '2026-10-13', pausedWorkingDays: 5 });
  });

  it('an open pause (materials not yet received) stops the clock: no due date, remaining days reported', () => {
    expect(
      dueDateWithPauses({ start: '2026-09-21', limitDays: 5, pauses: [{ from: '2026-09-24' }] }),
    ).toEqual({
      dueDate: null,
      pausedWorkingDays: 0,
      countedWorkingDays: 2,
      remainingWorkingDays: 3,
    });
    // An open pause that begins after the due date does not matter.
    expect(
      dueDateWithPauses({ start: '2026-09-21', limitDays: 2, pauses: [{ from: '2026-09-24' }] }).dueDate,
    ).toBe('2026-09-23');
  });

  it('rejects a pause that ends before it starts and a limit below 1', () => {
    expect(() =>
      dueDateWithPauses({
        start: '2026-09-21',
        limitDays: 5,
        pauses: [{ from: '2026-09-24', to: '2026-09-23' }],
      }),
    ).toThrow(RangeError);
    expect(() => dueDateWithPauses({ start: '2026-09-21', limitDays: 0 })).toThrow(RangeError);
    expect(() => dueDateWithPauses({ start: '2026-09-31', limitDays: 1 })).toThrow(RangeError);
  });
});
