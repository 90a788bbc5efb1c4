import { REFORM_TARGET_SHARE, type ReformStats } from '@app/shared';

interface Countable {
  departmentCode: string;
  departmentName: string;
  maxTrips: number;
}

function share(total: number, atMostOneTrip: number, zeroTrip: number) {
  // Four decimals: enough for a percentage with two decimals, stable in JSON.
  return {
    total,
    atMostOneTrip,
    zeroTrip,
    share: total === 0 ? 0 : Math.round((atMostOneTrip / total) * 10000) / 10000,
  };
}

/**
 * The reform's own measure: the share of published items needing at most one trip, overall and per
 * department, against the plan's 70% target. Departments furthest from the target come first.
 */
export function computeReformStats(items: Countable[], target = REFORM_TARGET_SHARE): ReformStats {
  const byDepartment = new Map<string, { name: string; total: number; one: number; zero: number }>();
  let one = 0;
  let zero = 0;
  for (const item of items) {
    const d = byDepartment.get(item.departmentCode) ?? {
      name: item.departmentName,
      total: 0,
      one: 0,
      zero: 0,
    };
    d.total++;
    if (item.maxTrips <= 1) {
      d.one++;
      one++;
    }
    if (item.maxTrips === 0) {
      d.zero++;
      zero++;
    }
    byDepartment.set(item.departmentCode, d);
  }
  const overall = share(items.length, one, zero);
  return {
    target,
    overall,
    meetsTarget: items.length > 0 && overall.share >= target,
    byDepartment: Array.from(byDepartment, ([departmentCode, d]) => ({
      departmentCode,
      departmentName: d.name,
      ...share(d.total, d.one, d.zero),
    })).sort((a, b) => a.share - b.share || a.departmentCode.localeCompare(b.departmentCode)),
  };
}
