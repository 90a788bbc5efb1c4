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
