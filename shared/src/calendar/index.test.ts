import { calendarDaySchema, calendarQuerySchema, dayKindSchema, isLocalDate, localDateSchema } from '.';

describe('calendar contracts', () => {
  it('localDateSchema accepts real YYYY-MM-DD dates only', () => {
    expect(localDateSchema.parse('2026-10-01')).toBe('2026-10-01');
    expect(localDateSchema.parse(' 2028-02-29 ')).toBe('2028-02-29');
    for (const bad of [
      '2026-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-1-1',
      '20261001',
      '2026-10-01T00:00',
    ]) {
      expect(isLocalDate(bad)).toBe(false);
      const result = localDateSchema.safeParse(bad);
      expect(result.success).toBe(false);
      if (!result.success) expect(result.error.issues[0].message).toMatch(/日期格式应为 YYYY-MM-DD/);
    }
  });

  it('day kinds and day rows', () => {
    expect(dayKindSchema.options).toEqual(['workday', 'weekend', 'holiday', 'makeup_workday', 'closure']);
    expect(
      calendarDaySchema.safeParse({
        date: '2026-10-10',
        kind: 'makeup_workday',
        isWorkingDay: true,
        name: '国庆节',
        note: '调休上班',
      }).success,
    ).toBe(true);
    expect(
      calendarDaySchema.safeParse({ date: '2026-10-10', kind: 'sunday', isWorkingDay: false }).success,
    ).toBe(false);
  });

  it('the query needs from and to; hall is an optional code', () => {
    expect(
      calendarQuerySchema.safeParse({ from: '2026-10-01', to: '2026-10-31', hall: 'HALL-A' }).success,
    ).toBe(true);
    expect(calendarQuerySchema.safeParse({ from: '2026-10-01', to: '2026-10-31' }).success).toBe(true);
    expect(calendarQuerySchema.safeParse({ from: '2026-10-01' }).success).toBe(false);
    expect(calendarQuerySchema.safeParse({ from: '2026-10-01', to: '2026-10-31', hall: 'a b' }).success).toBe(
      false,
    );
  });
});

describe('provisional dates and holiday notices', () => {
  it('provisionalDateLabel puts 预计 in front of a provisional date only', async () => {
    const { provisionalDateLabel } = await import('.');
    expect(provisionalDateLabel('2027年1月5日', true)).toBe('预计 2027年1月5日');
    expect(provisionalDateLabel('2026年12月5日', false)).toBe('2026年12月5日');
    expect(provisionalDateLabel('2026年12月5日')).toBe('2026年12月5日');
  });

  it('the notice schema: one year, each date once, Chinese names', async () => {
    const { holidayNoticeImportSchema } = await import('.');
    const ok = holidayNoticeImportSchema.safeParse({
      year: 2027,
      days: [
        { date: '2027-02-09', kind: 'holiday', name: ' 春节 ' },
        { date: '2027-02-20', kind: 'workday', name: '春节' },
      ],
    });
    expect(ok.success && ok.data.days[0]!.name).toBe('春节');
    const bad = holidayNoticeImportSchema.safeParse({
      year: 2027,
      days: [
        { date: '2028-02-09', kind: 'holiday', name: '春节' },
        { date: '2028-02-09', kind: 'holiday', name: 'Spring' },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.success ? [] : bad.error.issues.map((i) => i.message);
    expect(messages.join('\n')).toMatch(/不在 2027 年内/);
    expect(messages.join('\n')).toMatch(/重复出现/);
    expect(messages.join('\n')).toMatch(/应为中文/);
  });
});
