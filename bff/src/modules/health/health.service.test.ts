import { clearHolidayNotices, setHolidayNotices } from '../calendar';
import { createHealthService } from './health.service';

/** /readyz details: next year's missing holiday notice is told from November 1, never made fatal. */
const up = { ping: async () => true };
const at = (iso: string) =>
  createHealthService({ mongo: up, redis: up, startedAt: 0, now: () => Date.parse(iso) });

afterEach(() => clearHolidayNotices());

describe('readiness details: the holiday notice', () => {
  it('on 2026-10-31 nothing to say about 2027 yet (2027 is provisional, no warning)', async () => {
    const readiness = await at('2026-10-31T12:00:00+08:00').readiness();
    expect(readiness.status).toBe('ready');
    expect(readiness.details).toEqual({ calendar: { provisionalYears: [2027] } });
  });

  it('from 2026-11-01 (China time) it warns that the 2027 notice is missing, and stays ready', async () => {
    // 2026-10-31T16:00Z is already November 1 in China.
    const readiness = await at('2026-10-31T16:00:00Z').readiness();
    expect(readiness.status).toBe('ready');
    expect(readiness.details?.calendar.warning).toMatch(/尚未导入 2027 年节假日安排通知/);
  });

  it('the warning goes once the notice is loaded', async () => {
    setHolidayNotices([{ year: 2027, days: [{ date: '2027-02-09', kind: 'holiday', name: '春节' }] }]);
    const readiness = await at('2026-12-06T10:00:00+08:00').readiness();
    expect(readiness.details).toEqual({ calendar: { provisionalYears: [] } });
  });

  it('in a year without any arrangement it warns at any time of the year', async () => {
    const readiness = await at('2027-03-01T10:00:00+08:00').readiness();
    expect(readiness.status).toBe('ready');
    expect(readiness.details?.calendar).toMatchObject({ provisionalYears: [2027, 2028] });
    expect(readiness.details?.calendar.warning).toMatch(/尚未导入 2027 年/);
  });
});
