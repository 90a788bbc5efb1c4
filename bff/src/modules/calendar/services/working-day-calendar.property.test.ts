import fc from 'fast-check';
import {
  chinaDateTime,
  compareDates,
  dayOfWeek,
  fromDayNumber,
  toChinaDate,
  toDayNumber,
} from './china-time';
import {
  addWorkingDays,
  describeDay,
  dueDateWithPauses,
  isWorkingDay,
  listDays,
  nextWorkingDay,
  workingDaysBetween,
  type Pause,
} from './working-day-calendar';

const FIRST = toDayNumber('2004-01-01');
const LAST = toDayNumber('2028-12-31');

/** Any date of the covered years and a little beyond. */
const dateArb = fc.integer({ min: FIRST, max: LAST }).map(fromDayNumber);
const countArb = fc.integer({ min: 1, max: 60 });
/** A hall's closures: a handful of dates, some of them working days. */
const closuresArb = fc
  .uniqueArray(fc.integer({ min: FIRST, max: LAST + 120 }), { maxLength: 40 })
  .map((days) => new Map(days.map((d) => [fromDayNumber(d), '闭厅'] as const)));

const params = { numRuns: 300 };

describe('calendar: properties', () => {
  it('addWorkingDays(d, n) is a working day after d for n ≥ 1', () => {
    fc.assert(
      fc.property(dateArb, countArb, closuresArb, (date, n, closures) => {
        const due = addWorkingDays(date, n, { closures });
        expect(compareDates(due, date)).toBeGreaterThan(0);
        expect(isWorkingDay(due, closures)).toBe(true);
        expect(describeDay(due, closures).isWorkingDay).toBe(true);
      }),
      params,
    );
  });

  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(dateArb, countArb, closuresArb, (date, n, closures) => {
        expect(workingDaysBetween(date, addWorkingDays(date, n, { closures }), closures)).toBe(n);
        expect(workingDaysBetween(date, addWorkingDays(date, n))).toBe(n);
      }),
      params,
    );
  });

  it('addWorkingDays(d, n + 1) is the next working day after addWorkingDays(d, n)', () => {
    fc.assert(
      fc.property(dateArb, countArb, closuresArb, (date, n, closures) => {
        expect(addWorkingDays(date, n + 1, { closures })).toBe(
          nextWorkingDay(addWorkingDays(date, n, { closures }), closures),
        );
      }),
      params,
    );
  });

  it('addWorkingDays(d, 0) is d on a working day and nextWorkingDay(d) otherwise', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(addWorkingDays(date, 0)).toBe(isWorkingDay(date) ? date : nextWorkingDay(date));
      }),
      params,
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    const nearArb = fc
      .integer({ min: toDayNumber('2025-01-01'), max: toDayNumber('2027-12-31') })
      .map(fromDayNumber);
    fc.assert(
      fc.property(nearArb, nearArb, nearArb, (a, b, c) => {
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, a)).toBe(0);
        expect(workingDaysBetween(a, b) + workingDaysBetween(b, c)).toBe(workingDaysBetween(a, c));
      }),
      { numRuns: 100 },
    );
  });

  it('pauses only push the due date later, by exactly the paused working days', () => {
    const pauseArb = fc
      .tuple(fc.integer({ min: -5, max: 60 }), fc.integer({ min: 0, max: 30 }))
      .map(([offset, length]) => ({ offset, length }));
    fc.assert(
      fc.property(
        dateArb,
        countArb,
        fc.array(pauseArb, { maxLength: 4 }),
        closuresArb,
        (start, limitDays, raw, closures) => {
          const base = toDayNumber(start);
          const pauses: Pause[] = raw.map(({ offset, length }) => ({
            from: fromDayNumber(base + offset),
            to: fromDayNumber(base + offset + length),
          }));
          const plain = addWorkingDays(start, limitDays, { closures });
          const result = dueDateWithPauses({ start, limitDays, pauses, closures });
          if (result.dueDate === null) throw new Error('closed pauses always give a due date');
          expect(compareDates(result.dueDate, plain)).toBeGreaterThanOrEqual(0);
          expect(workingDaysBetween(start, result.dueDate, closures)).toBe(
            limitDays + result.pausedWorkingDays,
          );
          expect(dueDateWithPauses({ start, limitDays, closures }).dueDate).toBe(plain);
        },
      ),
      params,
    );
  });

  it('listDays agrees with isWorkingDay and has one row per day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 61 }), closuresArb, (from, span, closures) => {
        const to = fromDayNumber(toDayNumber(from) + span);
        const days = listDays(from, to, closures);
        expect(days).toHaveLength(span + 1);
        for (const day of days) {
          expect(day.isWorkingDay).toBe(isWorkingDay(day.date, closures));
          if (day.kind === 'weekend') expect([0, 6]).toContain(dayOfWeek(day.date));
          if (day.kind === 'makeup_workday') expect([0, 6]).toContain(dayOfWeek(day.date));
          if (day.kind === 'workday') expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(day.date));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('toChinaDate(chinaDateTime(d, t)) === d for any local date and time', () => {
    const timeArb = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber('1990-01-01'), max: toDayNumber('2100-12-31') }).map(fromDayNumber),
        timeArb,
        (date, time) => {
          expect(toChinaDate(chinaDateTime(date, time))).toBe(date);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('day numbers round-trip and match the UTC weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 100_000 }), (n) => {
        const date = fromDayNumber(n);
        expect(toDayNumber(date)).toBe(n);
        expect(dayOfWeek(date)).toBe(new Date(n * 86_400_000).getUTCDay());
      }),
      { numRuns: 500 },
    );
  });
});
