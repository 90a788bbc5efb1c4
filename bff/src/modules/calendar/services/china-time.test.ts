import {
  addCalendarDays,
  calendarDaysBetween,
  chinaDateTime,
  compareDates,
  dayOfWeek,
  fromDayNumber,
  toChinaDate,
  toChinaTime,
  toDayNumber,
  todayInChina,
} from './china-time';

describe('calendar: China local dates and times (TZ-independent)', () => {
  it('an instant at 2026-10-08T17:00:00Z is already 9 October in China', () => {
    expect(toChinaDate('2026-10-08T17:00:00Z')).toBe('2026-10-09');
    expect(toChinaDate(new Date('2026-10-08T17:00:00Z'))).toBe('2026-10-09');
    expect(toChinaDate(Date.parse('2026-10-08T17:00:00Z'))).toBe('2026-10-09');
  });

  it('the China day changes at 16:00 UTC', () => {
    expect(toChinaDate('2026-10-08T15:59:59.999Z')).toBe('2026-10-08');
    expect(toChinaDate('2026-10-08T16:00:00.000Z')).toBe('2026-10-09');
    expect(toChinaDate('2026-12-31T16:00:00Z')).toBe('2027-01-01');
    expect(toChinaDate('2026-10-09T09:00:00+08:00')).toBe('2026-10-09');
    expect(todayInChina(Date.parse('2026-02-28T23:30:00Z'))).toBe('2026-03-01');
  });

  it('chinaDateTime gives the instant of a local date and time (opening hours 9:00–12:00, 13:30–17:00)', () => {
    expect(chinaDateTime('2026-10-09', '09:00').toISOString()).toBe('2026-10-09T01:00:00.000Z');
    expect(chinaDateTime('2026-10-09', '13:30').toISOString()).toBe('2026-10-09T05:30:00.000Z');
    expect(chinaDateTime('2026-10-09', '17:00').toISOString()).toBe('2026-10-09T09:00:00.000Z');
    expect(chinaDateTime('2026-10-09', '00:00').toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(chinaDateTime('2026-10-09', '23:59').toISOString()).toBe('2026-10-09T15:59:00.000Z');
    expect(toChinaTime(chinaDateTime('2026-10-09', '13:30'))).toBe('13:30');
    expect(toChinaDate(chinaDateTime('2026-10-09', '00:00'))).toBe('2026-10-09');
  });

  it('rejects bad times, dates and instants', () => {
    for (const time of ['24:00', '9:00', '09:60', '0900', '']) {
      expect(() => chinaDateTime('2026-10-09', time)).toThrow(RangeError);
    }
    expect(() => chinaDateTime('2026-02-30', '09:00')).toThrow(RangeError);
    expect(() => toChinaDate('not a date')).toThrow(RangeError);
    expect(() => toChinaDate(new Date(NaN))).toThrow(RangeError);
  });

  it('does date arithmetic across months, leap days and years', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(calendarDaysBetween('2026-10-01', '2026-10-31')).toBe(30);
    expect(calendarDaysBetween('2026-10-31', '2026-10-01')).toBe(-30);
    expect(fromDayNumber(toDayNumber('2026-10-09'))).toBe('2026-10-09');
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(compareDates('2026-09-30', '2026-10-01')).toBeLessThan(0);
    expect(compareDates('2026-10-01', '2026-10-01')).toBe(0);
  });

  it('knows the weekdays (0 = Sunday)', () => {
    expect(dayOfWeek('2026-10-01')).toBe(4); // Thursday
    expect(dayOfWeek('2026-10-10')).toBe(6); // Saturday
    expect(dayOfWeek('2026-09-20')).toBe(0); // Sunday
    expect(dayOfWeek('1969-12-31')).toBe(3); // before the epoch too
  });
});
