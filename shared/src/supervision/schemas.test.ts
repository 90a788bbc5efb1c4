import { checkStatsPeriod, STATS_TABLE_COLUMNS, STATS_HEADLINE_COLUMNS, STATS_AREAS } from '..';

describe('supervision contracts', () => {
  it('judges periods: real days, from ≤ to, at most 24 months', () => {
    expect(checkStatsPeriod('2026-01-01', '2026-12-31')).toBeNull();
    expect(checkStatsPeriod('2025-01-01', '2026-12-31')).toBeNull();
    expect(checkStatsPeriod('2025-01-01', '2027-01-01')?.code).toBe('STATS_PERIOD_TOO_LONG');
    expect(checkStatsPeriod('2026-02-30', '2026-03-01')?.code).toBe('STATS_PERIOD_INVALID');
    expect(checkStatsPeriod('2026-03-02', '2026-03-01')?.code).toBe('STATS_PERIOD_INVALID');
    expect(checkStatsPeriod('20260301', '2026-03-01')?.code).toBe('STATS_PERIOD_INVALID');
  });

  it('every area describes its tables and headline with unique keys and Chinese labels', () => {
    for (const area of [...STATS_AREAS, 'overview' as const]) {
      for (const cols of [
        STATS_TABLE_COLUMNS[area].department,
        STATS_TABLE_COLUMNS[area].item,
        STATS_HEADLINE_COLUMNS[area],
      ]) {
        expect(new Set(cols.map((c) => c.key)).size).toBe(cols.length);
        for (const c of cols) expect(c.label).toMatch(/[\u4e00-\u9fa5]|[≤P]/);
      }
    }
  });
});
