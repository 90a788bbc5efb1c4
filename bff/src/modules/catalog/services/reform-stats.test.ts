import { computeReformStats } from './reform-stats';

describe('reform stats', () => {
  const rows = (dept: string, trips: number[]) =>
    trips.map((maxTrips) => ({ departmentCode: dept, departmentName: `部门${dept}`, maxTrips }));

  it('computes the share at ≤ 1 trip overall and per department, worst first', () => {
    const stats = computeReformStats([...rows('A', [0, 1, 1, 2]), ...rows('B', [0, 0, 1, 1, 1, 1])]);
    expect(stats.overall).toEqual({ total: 10, atMostOneTrip: 9, zeroTrip: 3, share: 0.9 });
    expect(stats.meetsTarget).toBe(true);
    expect(stats.target).toBe(0.7);
    expect(stats.byDepartment.map((d) => [d.departmentCode, d.share])).toEqual([
      ['A', 0.75],
      ['B', 1],
    ]);
  });

  it('an empty catalogue does not meet the target', () => {
    expect(computeReformStats([])).toMatchObject({ overall: { total: 0, share: 0 }, meetsTarget: false });
  });

  it('just below the target fails it', () => {
    const stats = computeReformStats(rows('A', [1, 1, 1, 1, 1, 1, 2, 2, 2, 2]));
    expect(stats.overall.share).toBe(0.6);
    expect(stats.meetsTarget).toBe(false);
  });
});
