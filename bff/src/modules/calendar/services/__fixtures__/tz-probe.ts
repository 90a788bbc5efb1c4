// Run in a child process with a given TZ by timezone.test.ts: prints what the calendar computes.
import { chinaDateTime, toChinaDate } from '../china-time';
import { statutoryHolidaysOf } from '../statutory-days';
import { addWorkingDays, dueDateWithPauses, listDays, workingDaysBetween } from '../working-day-calendar';

const result = {
  tzOffsetMinutes: new Date(Date.UTC(2026, 9, 1)).getTimezoneOffset(),
  days: listDays('2026-09-18', '2026-10-12').map((d) => `${d.date} ${d.kind} ${d.name ?? ''}`),
  spring: listDays('2026-02-13', '2026-03-01').map((d) => `${d.date} ${d.kind}`),
  add: addWorkingDays('2026-09-30', 3),
  between: workingDaysBetween('2026-09-30', '2026-10-31'),
  due: dueDateWithPauses({
    start: '2026-09-21',
    limitDays: 5,
    pauses: [{ from: '2026-09-24', to: '2026-10-08' }],
  }),
  chinaDate: toChinaDate('2026-10-08T17:00:00Z'),
  statutory2027: [...statutoryHolidaysOf(2027)],
  qingming: [2027, 2028, 2029, 2030].map(
    (y) => [...statutoryHolidaysOf(y)].find(([, n]) => n === '清明节')?.[0],
  ),
  slot: chinaDateTime('2026-10-09', '09:00').toISOString(),
};
process.stdout.write(JSON.stringify(result));
