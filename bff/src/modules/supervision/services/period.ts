import {
  ITEM_LEVELS,
  checkStatsPeriod,
  type StatsFilters,
  type StatsPeriod,
  type StatsQuery,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { addCalendarDays, calendarDaysBetween, chinaDateTime, todayInChina } from '../../calendar';

/**
 * Today in China for a clock, worked out once per day: a request asks it every time, and the answer
 * only changes at China midnight (a test clock that jumps, either way, gets it worked out again).
 */
export function todayOfClock(now: () => Date): () => string {
  let day: { today: string; from: number; until: number } | undefined;
  return () => {
    const t = now().getTime();
    if (!day || t < day.from || t >= day.until) {
      const today = todayInChina(t);
      const from = chinaDateTime(today, '00:00').getTime();
      day = { today, from, until: chinaDateTime(addCalendarDays(today, 1), '00:00').getTime() };
    }
    return day.today;
  };
}
import type { Range, Scope } from '../repositories/figures.repository';
import type { Reference } from './reference';

export interface Resolved {
  today: string;
  period: StatsPeriod;
  previousPeriod: StatsPeriod;
  range: Range;
  prev: Range;
  filters: StatsFilters;
  scope: Scope;
  /** department table, or the drill-down into one department's items. */
  table: 'department' | 'item';
}

export function rangeOf(from: string, to: string): Range {
  return {
    from,
    to,
    start: chinaDateTime(from, '00:00'),
    end: chinaDateTime(addCalendarDays(to, 1), '00:00'),
  };
}

/**
 * The query → the period (default: this month up to today), the previous period of the same length
 * (环比), the filters checked against the catalog, and the caller's reach: staff see their own
 * department only; supervisors and admins every department.
 */
export function resolveQuery(q: StatsQuery, principal: Principal, ref: Reference, today: string): Resolved {
  const from = q.from ?? `${today.slice(0, 8)}01`;
  const to = q.to ?? today;
  const problem = checkStatsPeriod(from, to);
  if (problem) throw new AppError(problem.code, problem.message, { from, to });

  let department = q.department || undefined;
  if (principal.role === 'staff') {
    if (!principal.department) throw new AppError('STATS_DEPARTMENT_FORBIDDEN');
    if (department && department !== principal.department)
      throw new AppError('STATS_DEPARTMENT_FORBIDDEN', undefined, { department });
    department = principal.department;
  }
  if (department && !ref.hasDepartment(department))
    throw new AppError('STATS_FILTER_UNKNOWN', `未知的部门：${department}`, { department });
  const hall = q.hall || undefined;
  if (hall && !ref.hasHall(hall)) throw new AppError('STATS_FILTER_UNKNOWN', `未知的大厅：${hall}`, { hall });
  const level = q.level || undefined;
  if (level && !(ITEM_LEVELS as readonly string[]).includes(level))
    throw new AppError('STATS_FILTER_UNKNOWN', `未知的事项层级：${level}`, { level });

  const days = calendarDaysBetween(from, to) + 1;
  const prevTo = addCalendarDays(from, -1);
  const prevFrom = addCalendarDays(from, -days);
  return {
    today,
    period: { from, to, days },
    previousPeriod: { from: prevFrom, to: prevTo, days },
    range: rangeOf(from, to),
    prev: rangeOf(prevFrom, prevTo),
    filters: {
      ...(department ? { department, departmentName: ref.departmentName(department) } : {}),
      ...(hall ? { hall, hallName: ref.hallName(hall) } : {}),
      ...(level ? { level } : {}),
    },
    scope: {
      ...(department ? { department } : {}),
      ...(hall ? { hall } : {}),
      ...(level ? { items: ref.items.filter((i) => i.level === level).map((i) => i.code) } : {}),
    },
    table: department ? 'item' : 'department',
  };
}
