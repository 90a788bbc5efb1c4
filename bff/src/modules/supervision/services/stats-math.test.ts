import { chinaDateTime } from '../../calendar';
import { processingWorkingDays } from '../../calendar';
import { medianAndP90, quantile, ratio, workingHoursBetween } from './stats-math';

describe('stats math', () => {
  it('nearest-rank quantiles of weighted values', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(
      quantile(
        [
          [1, 1],
          [2, 1],
          [3, 1],
          [4, 1],
        ],
        0.5,
      ),
    ).toBe(2);
    expect(
      quantile(
        [
          [5, 1],
          [1, 1],
          [3, 1],
        ],
        0.5,
      ),
    ).toBe(3);
    // 1…10, each once: p90 is the 9th
    expect(
      quantile(
        Array.from({ length: 10 }, (_, i) => [i + 1, 1] as [number, number]),
        0.9,
      ),
    ).toBe(9);
    // weights count as repeated values: 0 ×8, 10 ×2 → median 0, p90 10
    expect(
      medianAndP90([
        [0, 8],
        [10, 2],
      ]),
    ).toEqual({ median: 0, p90: 10 });
  });

  it('ratio: 4 decimals, null without a denominator', () => {
    expect(ratio(2, 3)).toBe(0.6667);
    expect(ratio(0, 0)).toBeNull();
  });

  it('working days of a case across the National Day holiday, less a 补正 pause', () => {
    // (09-29, 10-09]: 09-30, 10-08, 10-09
    expect(processingWorkingDays('2026-09-29', '2026-10-09', [])).toBe(3);
    // (09-21, 10-09] = 8 working days, 09-22…09-24 paused (3)
    expect(
      processingWorkingDays('2026-09-21', '2026-10-09', [{ from: '2026-09-22', to: '2026-09-24' }]),
    ).toBe(5);
    // a pause still open at 办结 is clipped to it
    expect(processingWorkingDays('2026-09-28', '2026-09-30', [{ from: '2026-09-30' }])).toBe(1);
    expect(processingWorkingDays('2026-09-30', '2026-09-30', [])).toBe(0);
  });

  it('working hours: 09:00–17:00 on working days only', () => {
    const at = (d: string, t: string) => chinaDateTime(d, t);
    expect(workingHoursBetween(at('2026-09-30', '16:00'), at('2026-10-08', '10:30'))).toBe(2.5);
    // the 调休 Saturday counts, the Sunday after it does not
    expect(workingHoursBetween(at('2026-10-10', '10:00'), at('2026-10-12', '10:00'))).toBe(8);
    // asked in the evening, answered before opening: no working time passed
    expect(workingHoursBetween(at('2026-10-09', '18:00'), at('2026-10-10', '08:30'))).toBe(0);
    expect(workingHoursBetween(at('2026-10-09', '10:00'), at('2026-10-09', '09:00'))).toBe(0);
  });
});
