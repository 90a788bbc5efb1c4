import {
  CASE_CLOCK_STATUSES,
  COMPLAINT_FINAL_STATUSES,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_KINDS,
  COMPLAINT_STATUSES,
  ITEM_LEVELS,
  RATING_LEVEL_LABELS,
  RATING_LEVELS,
  STATS_ONE_TRIP_TARGET,
  STATS_PAGE_CORRECTION_ITEMS,
  STATS_TRIP_BUCKET_LABELS,
  STATS_WEEKDAY_LABELS,
  isBadLevel,
  type RatingFiguresResponse,
  type RatingLevel,
  type StatsAppointmentsResponse,
  type StatsBaseResponse,
  type StatsCasesResponse,
  type StatsComplaintsResponse,
  type StatsConsultationsResponse,
  type StatsFigure,
  type StatsOverviewResponse,
  type StatsRatingsResponse,
  type StatsRow,
  type StatsTripsResponse,
} from '@app/shared';
import { dayOfWeek } from '../../calendar';
import type { ItemRef } from '../repositories/reference.repository';
import type { FiguresRepository, Range, Scope } from '../repositories/figures.repository';
import type { Resolved } from './period';
import { NO_DEPARTMENT, type Reference } from './reference';
import type { ClosedRollRow } from './rollup-parts';
import type { RollupDay, Rollups } from './rollups';
import { addWeighted, mean, medianAndP90, ratio, round, weighted } from './stats-math';

const fig = (value: number | null, previous: number | null): StatsFigure => ({ value, previous });

/** Monday of the week of a date, but not before `from` (the first week may be partial). */
function weekStartOf(day: string, from: string): string {
  const dow = dayOfWeek(day); // 0 = Sunday
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((dow + 6) % 7));
  const monday = d.toISOString().slice(0, 10);
  return monday < from ? from : monday;
}

function weeksOf(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  for (let day = from; day <= to;) {
    const w = weekStartOf(day, from);
    if (out[out.length - 1] !== w) out.push(w);
    d.setUTCDate(d.getUTCDate() + 1);
    day = d.toISOString().slice(0, 10);
  }
  return out;
}

/** Sums of closed cases (one group, a department, an item or a week). */
interface ClosedSums {
  n: number;
  onTime: number;
  trips: number;
  atMostOne: number;
  buckets: [number, number, number, number];
  durations: Map<number, number>;
}
const emptyClosed = (): ClosedSums => ({
  n: 0,
  onTime: 0,
  trips: 0,
  atMostOne: 0,
  buckets: [0, 0, 0, 0],
  durations: new Map(),
});

function addClosed(into: ClosedSums, g: ClosedRollRow, withDurations: boolean) {
  into.n += g.n;
  into.onTime += g.onTime;
  into.trips += g.trips;
  into.atMostOne += g.atMostOne;
  for (let b = 0; b < 4; b++) into.buckets[b] += g.b[b]!;
  if (withDurations) for (const [days, n] of g.wd) addWeighted(into.durations, days, n);
}

interface ClosedSummary {
  all: ClosedSums;
  byKey: Map<string, ClosedSums>;
  byWeek: Map<string, ClosedSums>;
}

function summarizeClosed(
  days: ReadonlyArray<RollupDay<ClosedRollRow>>,
  inScope: (row: ClosedRollRow) => boolean,
  keyOf: (row: ClosedRollRow) => string,
  from: string,
): ClosedSummary {
  const all = emptyClosed();
  const byKey = new Map<string, ClosedSums>();
  const byWeek = new Map<string, ClosedSums>();
  for (const { day, rows } of days) {
    const w = weekStartOf(day, from);
    for (const g of rows) {
      if (!inScope(g)) continue;
      addClosed(all, g, true);
      const k = keyOf(g) ?? '';
      if (!byKey.has(k)) byKey.set(k, emptyClosed());
      addClosed(byKey.get(k)!, g, true);
      // The weekly trend counts cases (its working days are not shown).
      if (!byWeek.has(w)) byWeek.set(w, emptyClosed());
      addClosed(byWeek.get(w)!, g, false);
    }
  }
  return { all, byKey, byWeek };
}

/**
 * The roll-up view a query reads: by department and hall(s) (`top`, a few dozen rows a day) unless it
 * drills into a department or filters by level — then the rows with their items.
 */
function viewOf(r: Resolved): 'top' | 'rows' {
  return r.table === 'item' || r.scope.items || r.scope.department || r.scope.hall ? 'rows' : 'top';
}

/** Rows of roll-up days within the filters (department, hall, items), as one list. */
function rowsIn<Row>(days: ReadonlyArray<RollupDay<Row>>, inScope: (row: Row) => boolean): Row[] {
  const out: Row[] = [];
  for (const { rows } of days) for (const row of rows) if (inScope(row)) out.push(row);
  return out;
}

/**
 * The filters as a test of a roll-up row: its department `d`, item `i` and hall(s) `h` (a case
 * counts in every hall of its item, a booking or rating in its own).
 */
function scopeTest(scope: { department?: string; hall?: string; items?: readonly string[] }) {
  const items = scope.items ? new Set(scope.items) : undefined;
  return (row: { d?: string | null; i?: string | null; h?: string | readonly string[] | null }) =>
    (!scope.department || row.d === scope.department) &&
    (!scope.hall || (Array.isArray(row.h) ? row.h.includes(scope.hall) : row.h === scope.hall)) &&
    (!items || items.has(row.i ?? ''));
}

/** Counters keyed by a row key, each a record of named sums. */
class Tally {
  readonly rows = new Map<string, Record<string, number>>();
  add(key: string, values: Record<string, number>) {
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = {}));
    for (const k in values) row[k] = (row[k] ?? 0) + values[k]!;
  }
  get(key: string): Record<string, number> {
    return this.rows.get(key) ?? {};
  }
  total(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.rows.values())
      for (const [k, v] of Object.entries(row)) out[k] = (out[k] ?? 0) + v;
    return out;
  }
}

const n0 = (r: Record<string, number>, k: string) => r[k] ?? 0;

export interface FiguresDeps {
  repo: FiguresRepository;
  /** The per-day roll-ups of closed, received and accepted cases, bookings, ratings, consultations. */
  rollups: Pick<Rollups, 'days' | 'itemDays'>;
  /** The older `/api/stats/ratings?by=` table (the ratings module's roll-up). */
  ratingTable(q: {
    by: RatingFiguresResponse['by'];
    from: string;
    to: string;
  }): Promise<RatingFiguresResponse>;
}

/**
 * Every figure of the 督查 page, for a resolved query: one function per area. Rows are keyed by
 * department (or, drilling into one department, by item), sorted by their main count.
 */
export function createFiguresService(deps: FiguresDeps) {
  const { repo, rollups } = deps;

  function frame(r: Resolved, ref: Reference): Omit<StatsBaseResponse, 'headline'> {
    return {
      period: r.period,
      previousPeriod: r.previousPeriod,
      filters: r.filters,
      generatedAt: new Date().toISOString(),
      table: r.table,
    };
    void ref;
  }
  const keyOf = (r: Resolved, d: string | undefined, i: string | undefined) =>
    (r.table === 'department' ? d : i) ?? '';
  const nameOf = (r: Resolved, ref: Reference, key: string) =>
    r.table === 'department' ? ref.departmentName(key) : ref.itemName(key);
  const table = (r: Resolved, rows: StatsRow[]) =>
    r.table === 'department' ? { byDepartment: rows } : { byItem: rows };
  const sortBy = (rows: StatsRow[], key: string) =>
    rows.sort(
      (a, b) => Number(b[key] ?? 0) - Number(a[key] ?? 0) || String(a.key).localeCompare(String(b.key)),
    );

  /** Items in reach of the filters (for appointments, consultations, deflections: their item codes). */
  function itemScope(r: Resolved, ref: Reference): string[] | undefined {
    if (!r.scope.department && !r.scope.items) return undefined;
    let codes = ref.items.map((i) => i.code);
    if (r.scope.items) codes = r.scope.items;
    if (r.scope.department) codes = codes.filter((c) => ref.departmentOfItem(c) === r.scope.department);
    return codes;
  }

  /** Published items in reach of the filters; `asOf`: published before that instant (the previous period). */
  function publishedItems(r: Resolved, ref: Reference, asOf?: Date): ItemRef[] {
    const levelItems = r.scope.items ? new Set(r.scope.items) : undefined;
    return ref.items.filter(
      (i) =>
        i.status === 'published' &&
        (!r.scope.department || i.departmentCode === r.scope.department) &&
        (!r.scope.hall || i.halls.includes(r.scope.hall)) &&
        (!levelItems || levelItems.has(i.code)) &&
        (!asOf || (i.publishedAt !== undefined && i.publishedAt < asOf)),
    );
  }
  function itemShares(items: ItemRef[]) {
    const atMostOne = items.filter((i) => i.maxTrips <= 1).length;
    const zero = items.filter((i) => i.maxTrips === 0).length;
    return { total: items.length, atMostOne, zero, share: ratio(atMostOne, items.length) };
  }

  async function closed(r: Resolved, range: Range) {
    const days = await rollups.days('closed', range.from, range.to, viewOf(r));
    const keyOfRow = r.table === 'department' ? (g: ClosedRollRow) => g.d : (g: ClosedRollRow) => g.i;
    return summarizeClosed(days, scopeTest(r.scope), keyOfRow, range.from);
  }

  async function ratingTally(r: Resolved, ref: Reference, range: Range) {
    const days = await rollups.days('ratings', range.from, range.to, viewOf(r));
    const inScope = scopeTest(r.scope);
    const t = new Tally();
    const weeks = new Tally();
    const levels = new Tally();
    const sums = (l: string, n: number) => {
      const bad = isBadLevel(l as RatingLevel);
      return { total: n, satisfied: bad ? 0 : n, bad: bad ? n : 0 };
    };
    for (const { day, rows } of days) {
      const week = weekStartOf(day, range.from);
      for (const g of rows) {
        if (!inScope(g)) continue;
        for (const [l, n] of Object.entries(g.l)) {
          t.add(keyOf(r, g.d, g.i), sums(l, n));
          levels.add(l, { n });
          weeks.add(week, sums(l, n));
        }
      }
    }
    void ref;
    return { t, weeks, levels };
  }

  // ------------------------------------------------------------------ overview

  async function overview(r: Resolved, ref: Reference): Promise<StatsOverviewResponse> {
    const [cur, prev, rat, ratPrev, overdue] = await Promise.all([
      closed(r, r.range),
      closed(r, r.prev),
      ratingTally(r, ref, r.range),
      ratingTally(r, ref, r.prev),
      repo.overdueOpenCases(r.today, r.scope, CASE_CLOCK_STATUSES),
    ]);
    const overdueT = new Tally();
    for (const g of overdue) overdueT.add(keyOf(r, g.d, g.i), { n: g.n });
    const items = itemShares(publishedItems(r, ref));
    const itemsPrev = itemShares(publishedItems(r, ref, r.prev.end));
    const ratAll = rat.t.total();
    const ratPrevAll = ratPrev.t.total();
    const keys = new Set([...cur.byKey.keys(), ...rat.t.rows.keys(), ...overdueT.rows.keys()]);
    const rows = sortBy(
      [...keys].map((key) => {
        const c = cur.byKey.get(key) ?? emptyClosed();
        const rt = rat.t.get(key);
        return {
          key,
          name: nameOf(r, ref, key),
          closedCases: c.n,
          oneTripCaseShare: ratio(c.atMostOne, c.n),
          onTimeShare: ratio(c.onTime, c.n),
          satisfaction: ratio(n0(rt, 'satisfied'), n0(rt, 'total')),
          overdueOpen: n0(overdueT.get(key), 'n'),
        };
      }),
      'closedCases',
    );
    return {
      ...frame(r, ref),
      target: STATS_ONE_TRIP_TARGET,
      headline: {
        oneTripCaseShare: fig(ratio(cur.all.atMostOne, cur.all.n), ratio(prev.all.atMostOne, prev.all.n)),
        itemShare: fig(items.share, itemsPrev.share),
        satisfaction: fig(
          ratio(n0(ratAll, 'satisfied'), n0(ratAll, 'total')),
          ratio(n0(ratPrevAll, 'satisfied'), n0(ratPrevAll, 'total')),
        ),
        onTimeShare: fig(ratio(cur.all.onTime, cur.all.n), ratio(prev.all.onTime, prev.all.n)),
        overdueOpen: fig(n0(overdueT.total(), 'n'), null),
      },
      ...table(r, rows),
      trend: weeksOf(r.period.from, r.period.to).map((weekStart) => {
        const c = cur.byWeek.get(weekStart) ?? emptyClosed();
        const rt = rat.weeks.get(weekStart);
        return {
          weekStart,
          casesClosed: c.n,
          onTimeShare: ratio(c.onTime, c.n),
          satisfaction: ratio(n0(rt, 'satisfied'), n0(rt, 'total')),
          oneTripShare: ratio(c.atMostOne, c.n),
        };
      }),
    };
  }

  // ------------------------------------------------------------------ trips

  async function trips(r: Resolved, ref: Reference): Promise<StatsTripsResponse> {
    const [cur, prev] = await Promise.all([closed(r, r.range), closed(r, r.prev)]);
    const items = publishedItems(r, ref);
    const shares = itemShares(items);
    const sharesPrev = itemShares(publishedItems(r, ref, r.prev.end));
    const itemsByKey = new Map<string, ItemRef[]>();
    for (const i of items) {
      const k = r.table === 'department' ? i.departmentCode : i.code;
      itemsByKey.set(k, [...(itemsByKey.get(k) ?? []), i]);
    }
    const keys = new Set([...itemsByKey.keys(), ...cur.byKey.keys()]);
    const rows = sortBy(
      [...keys].map((key) => {
        const c = cur.byKey.get(key) ?? emptyClosed();
        const caseCols = {
          closedCases: c.n,
          tripsPerCase: mean(c.trips, c.n),
          oneTripCaseShare: ratio(c.atMostOne, c.n),
        };
        if (r.table === 'item')
          return { key, name: nameOf(r, ref, key), maxTrips: ref.item(key)?.maxTrips ?? null, ...caseCols };
        const s = itemShares(itemsByKey.get(key) ?? []);
        return {
          key,
          name: nameOf(r, ref, key),
          publishedItems: s.total,
          atMostOneTripItems: s.atMostOne,
          zeroTripItems: s.zero,
          itemShare: s.share,
          ...caseCols,
        };
      }),
      'closedCases',
    );
    const buckets = ['0', '1', '2', '3+'] as const;
    return {
      ...frame(r, ref),
      target: STATS_ONE_TRIP_TARGET,
      headline: {
        publishedItems: fig(shares.total, sharesPrev.total),
        itemShare: fig(shares.share, sharesPrev.share),
        zeroTripItems: fig(shares.zero, sharesPrev.zero),
        closedCases: fig(cur.all.n, prev.all.n),
        tripsPerCase: fig(mean(cur.all.trips, cur.all.n), mean(prev.all.trips, prev.all.n)),
        oneTripCaseShare: fig(ratio(cur.all.atMostOne, cur.all.n), ratio(prev.all.atMostOne, prev.all.n)),
      },
      ...table(r, rows),
      tripsDistribution: buckets.map((bucket, i) => ({
        bucket,
        label: STATS_TRIP_BUCKET_LABELS[bucket],
        count: cur.all.buckets[i]!,
        share: ratio(cur.all.buckets[i]!, cur.all.n),
        previousCount: prev.all.buckets[i]!,
      })),
      itemsByLevel: ITEM_LEVELS.map((level) => {
        const s = itemShares(items.filter((i) => i.level === level));
        return {
          level,
          publishedItems: s.total,
          atMostOneTripItems: s.atMostOne,
          zeroTripItems: s.zero,
          itemShare: s.share,
        };
      }),
    };
  }

  // ------------------------------------------------------------------ cases

  async function cases(r: Resolved, ref: Reference): Promise<StatsCasesResponse> {
    const counted = async (part: 'received' | 'accepted', range: Range) =>
      rowsIn(await rollups.days(part, range.from, range.to, viewOf(r)), scopeTest(r.scope));
    // 补正 by item: the received cases by item (the `items` view; the rows, when they are read, have
    // their items already).
    const byItemView = viewOf(r) === 'top';
    const [cur, prev, received, receivedPrev, accepted, acceptedPrev, overdue, receivedItems] =
      await Promise.all([
        closed(r, r.range),
        closed(r, r.prev),
        counted('received', r.range),
        counted('received', r.prev),
        counted('accepted', r.range),
        counted('accepted', r.prev),
        repo.overdueOpenCases(r.today, r.scope, CASE_CLOCK_STATUSES),
        byItemView ? rollups.itemDays(r.range.from, r.range.to) : undefined,
      ]);
    const t = new Tally();
    const tPrev = new Tally();
    const byDept = new Tally();
    for (const g of received)
      t.add(keyOf(r, g.d, g.i), { received: g.n, corrections: Number(g.corrections) });
    // Thousands of items a year: summed in a plain map, not a Tally.
    const byItemSums = new Map<string, { received: number; corrections: number }>();
    const addItem = (item: string, n: number, corrections: number) => {
      const sums = byItemSums.get(item);
      if (sums) {
        sums.received += n;
        sums.corrections += corrections;
      } else byItemSums.set(item, { received: n, corrections });
    };
    if (receivedItems)
      for (const { rows } of receivedItems) for (const [item, n, c] of rows) addItem(item, n, c);
    else for (const g of received) addItem(g.i, g.n, g.corrections);
    for (const g of receivedPrev) tPrev.add('all', { received: g.n, corrections: Number(g.corrections) });
    for (const g of accepted) t.add(keyOf(r, g.d, g.i), { accepted: g.n });
    for (const g of acceptedPrev) tPrev.add('all', { accepted: g.n });
    for (const g of overdue) {
      t.add(keyOf(r, g.d, g.i), { overdueOpen: g.n });
      byDept.add(g.d, { overdueOpen: g.n });
    }
    const keys = new Set([...t.rows.keys(), ...cur.byKey.keys()]);
    const rows = sortBy(
      [...keys].map((key) => {
        const v = t.get(key);
        const c = cur.byKey.get(key) ?? emptyClosed();
        const { median, p90 } = medianAndP90(weighted(c.durations), 0);
        return {
          key,
          name: nameOf(r, ref, key),
          received: n0(v, 'received'),
          accepted: n0(v, 'accepted'),
          closed: c.n,
          onTimeShare: ratio(c.onTime, c.n),
          overdueOpen: n0(v, 'overdueOpen'),
          medianDays: median,
          p90Days: p90,
          correctionRate: ratio(n0(v, 'corrections'), n0(v, 'received')),
        };
      }),
      'received',
    );
    const correctionByItem = [...byItemSums]
      .filter(([, v]) => v.corrections > 0)
      .map(([key, v]) => ({
        key,
        name: ref.itemName(key),
        received: v.received,
        corrections: v.corrections,
        correctionRate: ratio(v.corrections, v.received),
      }))
      .sort((a, b) => Number(b.correctionRate) - Number(a.correctionRate) || b.corrections - a.corrections);
    const all = t.total();
    const allPrev = tPrev.get('all');
    const d = medianAndP90(weighted(cur.all.durations), 0);
    const dPrev = medianAndP90(weighted(prev.all.durations), 0);
    return {
      ...frame(r, ref),
      headline: {
        received: fig(n0(all, 'received'), n0(allPrev, 'received')),
        accepted: fig(n0(all, 'accepted'), n0(allPrev, 'accepted')),
        closed: fig(cur.all.n, prev.all.n),
        onTimeShare: fig(ratio(cur.all.onTime, cur.all.n), ratio(prev.all.onTime, prev.all.n)),
        overdueOpen: fig(n0(all, 'overdueOpen'), null),
        medianDays: fig(d.median, dPrev.median),
        p90Days: fig(d.p90, dPrev.p90),
        correctionRate: fig(
          ratio(n0(all, 'corrections'), n0(all, 'received')),
          ratio(n0(allPrev, 'corrections'), n0(allPrev, 'received')),
        ),
      },
      ...table(r, rows),
      overdueByDepartment: sortBy(
        [...byDept.rows].map(([key, v]) => ({
          key,
          name: ref.departmentName(key),
          overdueOpen: n0(v, 'overdueOpen'),
        })),
        'overdueOpen',
      ),
      correctionByItem,
      correctionItems: correctionByItem.length,
    };
  }

  // ------------------------------------------------------------------ appointments

  async function appointmentPeriod(r: Resolved, ref: Reference, range: Range) {
    const items = itemScope(r, ref);
    const scope = { ...(r.scope.hall ? { hall: r.scope.hall } : {}), ...(items ? { items } : {}) };
    const [days, slots] = await Promise.all([
      rollups.days('bookings', range.from, range.to, viewOf(r)),
      repo.slotUse(range, r.scope.hall ? { hall: r.scope.hall } : {}),
    ]);
    const byKey = new Tally();
    const byHall = new Tally();
    const waitsByKey = new Map<string, Map<number, number>>();
    const waitsByHall = new Map<string, Map<number, number>>();
    const waitsByHour = new Map<number, Map<number, number>>();
    const allWaits = new Map<number, number>();
    const put = <K>(m: Map<K, Map<number, number>>, k: K, w: number, n: number) => {
      if (!m.has(k)) m.set(k, new Map());
      addWeighted(m.get(k)!, w, n);
    };
    for (const g of rowsIn(days, scopeTest(scope))) {
      const sums = {
        booked: 0,
        checkedIn: 0,
        cancelled: g.s.cancelled?.[0] ?? 0,
        noShow: g.s.no_show?.[0] ?? 0,
      };
      for (const status in g.s) {
        sums.booked += g.s[status]![0];
        sums.checkedIn += g.s[status]![1];
      }
      // A row of the `rows` view counts for its item and its hall; the `top` view has a department's
      // rows and, apart, a hall's rows.
      if (g.k !== 'hall') {
        const key = keyOf(r, g.d ?? ref.departmentOfItem(g.i), g.i);
        byKey.add(key, sums);
        for (const [w, n] of g.w) put(waitsByKey, key, w, n);
      }
      if (g.k !== 'department') {
        byHall.add(g.h, sums);
        for (const [w, n] of g.w) {
          put(waitsByHall, g.h, w, n);
          addWeighted(allWaits, w, n);
        }
        for (const [hour, w, n] of g.hr) put(waitsByHour, hour, w, n);
      }
    }
    const slotsByHall = new Tally();
    const slotsByWeekday = new Tally();
    for (const s of slots) {
      slotsByHall.add(s.h, { capacity: s.capacity, booked: s.booked });
      slotsByWeekday.add(String(((dayOfWeek(s.date) + 6) % 7) + 1), {
        capacity: s.capacity,
        booked: s.booked,
      });
    }
    return { byKey, byHall, waitsByKey, waitsByHall, waitsByHour, allWaits, slotsByHall, slotsByWeekday };
  }

  const noShowRate = (v: Record<string, number>) =>
    ratio(n0(v, 'noShow'), n0(v, 'checkedIn') + n0(v, 'noShow'));

  async function appointments(r: Resolved, ref: Reference): Promise<StatsAppointmentsResponse> {
    const [cur, prev] = await Promise.all([
      appointmentPeriod(r, ref, r.range),
      appointmentPeriod(r, ref, r.prev),
    ]);
    const rows = sortBy(
      [...new Set([...cur.byKey.rows.keys(), ...cur.waitsByKey.keys()])].map((key) => {
        const v = cur.byKey.get(key);
        const w = medianAndP90(weighted(cur.waitsByKey.get(key)), 0);
        return {
          key,
          name: nameOf(r, ref, key),
          booked: n0(v, 'booked'),
          checkedIn: n0(v, 'checkedIn'),
          cancelled: n0(v, 'cancelled'),
          noShow: n0(v, 'noShow'),
          noShowRate: noShowRate(v),
          waitMedian: w.median,
          waitP90: w.p90,
        };
      }),
      'booked',
    );
    const all = cur.byKey.total();
    const allPrev = prev.byKey.total();
    const w = medianAndP90(weighted(cur.allWaits), 0);
    const wPrev = medianAndP90(weighted(prev.allWaits), 0);
    const slots = cur.slotsByHall.total();
    const slotsPrev = prev.slotsByHall.total();
    return {
      ...frame(r, ref),
      headline: {
        booked: fig(n0(all, 'booked'), n0(allPrev, 'booked')),
        checkedIn: fig(n0(all, 'checkedIn'), n0(allPrev, 'checkedIn')),
        cancelled: fig(n0(all, 'cancelled'), n0(allPrev, 'cancelled')),
        noShow: fig(n0(all, 'noShow'), n0(allPrev, 'noShow')),
        noShowRate: fig(noShowRate(all), noShowRate(allPrev)),
        waitMedian: fig(w.median, wPrev.median),
        waitP90: fig(w.p90, wPrev.p90),
        slotUse: fig(
          ratio(n0(slots, 'booked'), n0(slots, 'capacity')),
          ratio(n0(slotsPrev, 'booked'), n0(slotsPrev, 'capacity')),
        ),
      },
      ...table(r, rows),
      waitingByHour: [...cur.waitsByHour]
        .sort((a, b) => a[0] - b[0])
        .map(([hour, m]) => {
          const q = medianAndP90(weighted(m), 0);
          return { hour, count: [...m.values()].reduce((a, b) => a + b, 0), median: q.median, p90: q.p90 };
        }),
      byHall: sortBy(
        [...new Set([...cur.byHall.rows.keys(), ...cur.slotsByHall.rows.keys()])].map((key) => {
          const v = cur.byHall.get(key);
          const s = cur.slotsByHall.get(key);
          const q = medianAndP90(weighted(cur.waitsByHall.get(key)), 0);
          return {
            key,
            name: ref.hallName(key),
            booked: n0(v, 'booked'),
            checkedIn: n0(v, 'checkedIn'),
            noShowRate: noShowRate(v),
            waitMedian: q.median,
            waitP90: q.p90,
            capacity: n0(s, 'capacity'),
            slotUse: ratio(n0(s, 'booked'), n0(s, 'capacity')),
          };
        }),
        'booked',
      ),
      slotUseByWeekday: STATS_WEEKDAY_LABELS.map((label, i) => {
        const s = cur.slotsByWeekday.get(String(i + 1));
        return {
          weekday: i + 1,
          label,
          booked: n0(s, 'booked'),
          capacity: n0(s, 'capacity'),
          share: ratio(n0(s, 'booked'), n0(s, 'capacity')),
        };
      }),
    };
  }

  // ------------------------------------------------------------------ consultations

  async function consultationPeriod(r: Resolved, ref: Reference, range: Range) {
    const items = r.scope.items ? itemScope(r, ref) : undefined;
    const [days, deflected] = await Promise.all([
      rollups.days('consultations', range.from, range.to, viewOf(r)),
      repo.deflections(range, itemScope(r, ref) ? { items: itemScope(r, ref)! } : {}),
    ]);
    const t = new Tally();
    const hours = new Map<string, Map<number, number>>();
    const allHours = new Map<number, number>();
    const inScope = scopeTest({
      ...(r.scope.department ? { department: r.scope.department } : {}),
      ...(items ? { items } : {}),
    });
    for (const c of rowsIn(days, inScope)) {
      const key = keyOf(r, c.d ?? NO_DEPARTMENT, c.i ?? '');
      t.add(key, { asked: c.asked, answered: c.answered, overdue: c.overdue });
      if (!hours.has(key)) hours.set(key, new Map());
      for (const [h, n] of c.hours) {
        addWeighted(hours.get(key)!, h, n);
        addWeighted(allHours, h, n);
      }
    }
    return { t, hours, allHours, deflected: deflected.reduce((a, d) => a + d.n, 0) };
  }

  async function consultations(r: Resolved, ref: Reference): Promise<StatsConsultationsResponse> {
    const [cur, prev] = await Promise.all([
      consultationPeriod(r, ref, r.range),
      consultationPeriod(r, ref, r.prev),
    ]);
    const rows = sortBy(
      [...cur.t.rows].map(([key, v]) => {
        const q = medianAndP90(weighted(cur.hours.get(key)));
        return {
          key,
          name: nameOf(r, ref, key),
          asked: n0(v, 'asked'),
          answered: n0(v, 'answered'),
          medianHours: q.median,
          p90Hours: q.p90,
          overdue: n0(v, 'overdue'),
        };
      }),
      'asked',
    );
    const all = cur.t.total();
    const allPrev = prev.t.total();
    const q = medianAndP90(weighted(cur.allHours));
    const qPrev = medianAndP90(weighted(prev.allHours));
    return {
      ...frame(r, ref),
      headline: {
        asked: fig(n0(all, 'asked'), n0(allPrev, 'asked')),
        answered: fig(n0(all, 'answered'), n0(allPrev, 'answered')),
        medianHours: fig(q.median, qPrev.median),
        p90Hours: fig(q.p90, qPrev.p90),
        overdue: fig(n0(all, 'overdue'), n0(allPrev, 'overdue')),
        faqDeflected: fig(cur.deflected, prev.deflected),
      },
      ...table(r, rows),
    };
  }

  // ------------------------------------------------------------------ complaints

  async function complaintPeriod(r: Resolved, ref: Reference, range: Range) {
    const items = r.scope.items ? itemScope(r, ref) : undefined;
    const groups = await repo.complaints(
      range,
      { ...(r.scope.department ? { department: r.scope.department } : {}), ...(items ? { items } : {}) },
      r.today,
      COMPLAINT_FINAL_STATUSES,
    );
    const t = new Tally();
    const kinds = new Tally();
    const statuses = new Tally();
    for (const g of groups) {
      const { d, i, kind, s, ...sums } = g;
      const nums = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, Number(v)]));
      t.add(keyOf(r, d, i), nums);
      kinds.add(kind, { n: g.n });
      statuses.add(s, { n: g.n });
    }
    return { t, kinds, statuses };
  }

  const complaintCols = (v: Record<string, number>) => ({
    total: n0(v, 'n'),
    closed: n0(v, 'closed'),
    onTimeShare: ratio(n0(v, 'onTime'), n0(v, 'closedWithDue')),
    redoShare: ratio(n0(v, 'redo'), n0(v, 'n')),
    repeatRate: ratio(n0(v, 'repeat'), n0(v, 'n')),
    satisfaction: ratio(n0(v, 'satisfied'), n0(v, 'verdicts')),
  });

  async function complaints(r: Resolved, ref: Reference): Promise<StatsComplaintsResponse> {
    const [cur, prev] = await Promise.all([
      complaintPeriod(r, ref, r.range),
      complaintPeriod(r, ref, r.prev),
    ]);
    const rows = sortBy(
      [...cur.t.rows].map(([key, v]) => ({ key, name: nameOf(r, ref, key), ...complaintCols(v) })),
      'total',
    );
    const all = cur.t.total();
    const a = complaintCols(all);
    const p = complaintCols(prev.t.total());
    const byStatus = Object.fromEntries(COMPLAINT_STATUSES.map((s) => [s, n0(cur.statuses.get(s), 'n')]));
    const open = COMPLAINT_STATUSES.filter(
      (s) => !(COMPLAINT_FINAL_STATUSES as readonly string[]).includes(s),
    ).reduce((sum, s) => sum + byStatus[s]!, 0);
    return {
      ...frame(r, ref),
      headline: Object.fromEntries(
        Object.keys(a).map((k) => [k, fig(a[k as keyof typeof a], p[k as keyof typeof p])]),
      ),
      ...table(r, rows),
      byKind: COMPLAINT_KINDS.map((kind) => ({
        key: kind,
        label: COMPLAINT_KIND_LABELS[kind],
        count: n0(cur.kinds.get(kind), 'n'),
        previous: n0(prev.kinds.get(kind), 'n'),
      })),
      // The fields /api/stats/complaints always answered, now for the period.
      total: a.total,
      open,
      overdue: n0(all, 'overdue'),
      repeat: n0(all, 'repeat'),
      repeatRate: a.total ? round(n0(all, 'repeat') / a.total, 3) : 0,
      byStatus,
    };
  }

  // ------------------------------------------------------------------ ratings

  async function ratingPeriod(r: Resolved, ref: Reference, range: Range) {
    const [rat, rects] = await Promise.all([ratingTally(r, ref, range), repo.rectifications(range, r.scope)]);
    for (const g of rects)
      rat.t.add(keyOf(r, g.d, g.i), {
        rectifiedOnTime: Number(g.rectifiedOnTime),
        rectifiedLate: Number(g.rectified) - Number(g.rectifiedOnTime),
        open: g.n - Number(g.rectified),
        overdue: Number(g.overdue),
      });
    return rat;
  }
  const ratingCols = (v: Record<string, number>) => ({
    total: n0(v, 'total'),
    satisfied: n0(v, 'satisfied'),
    share: ratio(n0(v, 'satisfied'), n0(v, 'total')),
    bad: n0(v, 'bad'),
    rectifiedOnTime: n0(v, 'rectifiedOnTime'),
    rectifiedLate: n0(v, 'rectifiedLate'),
    open: n0(v, 'open'),
    overdue: n0(v, 'overdue'),
  });

  async function ratings(
    r: Resolved,
    ref: Reference,
    by: RatingFiguresResponse['by'] = 'department',
  ): Promise<StatsRatingsResponse> {
    const [cur, prev, legacy] = await Promise.all([
      ratingPeriod(r, ref, r.range),
      ratingPeriod(r, ref, r.prev),
      deps.ratingTable({ by, from: r.period.from, to: r.period.to }),
    ]);
    const rows = sortBy(
      [...cur.t.rows].map(([key, v]) => ({ key, name: nameOf(r, ref, key), ...ratingCols(v) })),
      'total',
    );
    const a = ratingCols(cur.t.total());
    const p = ratingCols(prev.t.total());
    const headlineKeys = [
      'total',
      'share',
      'bad',
      'rectifiedOnTime',
      'rectifiedLate',
      'open',
      'overdue',
    ] as const;
    return {
      ...frame(r, ref),
      headline: Object.fromEntries(headlineKeys.map((k) => [k, fig(a[k], p[k])])),
      ...table(r, rows),
      levels: RATING_LEVELS.map((level) => ({
        key: level,
        label: RATING_LEVEL_LABELS[level],
        count: n0(cur.levels.get(level), 'n'),
        previous: n0(prev.levels.get(level), 'n'),
      })),
      ...scopedLegacy(r, legacy, cur.t.total()),
    };
  }

  /**
   * The older `by=` table covers every department: a department-scoped request (staff, or a
   * drill-down) keeps only that department's row (by department) and its own rectification figures.
   */
  function scopedLegacy(
    r: Resolved,
    legacy: RatingFiguresResponse,
    own: Record<string, number>,
  ): RatingFiguresResponse {
    const department = r.scope.department;
    if (!department) return legacy;
    const done = n0(own, 'rectifiedOnTime') + n0(own, 'rectifiedLate');
    return {
      by: legacy.by,
      rows: legacy.by === 'department' ? legacy.rows.filter((row) => row.key === department) : [],
      rectifications: {
        total: done + n0(own, 'open'),
        byStatus: {},
        overdue: n0(own, 'overdue'),
        onTimeShare: ratio(n0(own, 'rectifiedOnTime'), done),
      },
    };
  }

  return { overview, trips, cases, appointments, consultations, complaints, ratings };
}
export type FiguresService = ReturnType<typeof createFiguresService>;

/**
 * How a route's figures are cut for the page, when they are: the cases' 补正 list to its first
 * STATS_PAGE_CORRECTION_ITEMS items (the export keeps the whole list). Other routes: undefined (as computed).
 */
export function pageViewOf(route: string): ((figures: unknown) => unknown) | undefined {
  if (route !== 'cases') return undefined;
  return (figures) => {
    const cases = figures as StatsCasesResponse;
    if (cases.correctionByItem.length <= STATS_PAGE_CORRECTION_ITEMS) return figures;
    return { ...cases, correctionByItem: cases.correctionByItem.slice(0, STATS_PAGE_CORRECTION_ITEMS) };
  };
}
export type { Scope };
