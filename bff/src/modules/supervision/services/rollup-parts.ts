import { processingWorkingDays, toChinaDate } from '../../calendar';
import type { FiguresRepository } from '../repositories/figures.repository';
import type { RollupSource } from '../repositories/rollup.repository';
import { round, workingHoursBetween, type Weighted } from './stats-math';

/**
 * The 督查 roll-up parts: for each, which source's documents it is made from, the China day a
 * document counts on, and how one span of days is computed into small rows per day — the figures'
 * groupings (department, item, halls) kept, the per-document values folded into sums and value
 * histograms (`Weighted`), so adding the days of a period gives what the pipelines over the documents
 * gave.
 */

/** Statuses of a booking that count as booked (a rescheduled one is replaced by its new booking). */
export const BOOKED_STATUSES = ['booked', 'checked_in', 'called', 'served', 'cancelled', 'no_show'] as const;

/** Closed cases (by closed day) of a department, item and halls. */
export interface ClosedRollRow {
  d: string;
  i: string;
  h: string[];
  n: number;
  onTime: number;
  trips: number;
  atMostOne: number;
  /** closed cases with 0, 1, 2, 3+ trips */
  b: [number, number, number, number];
  /** processing working days → cases (a case without them is counted, not timed) */
  wd: Weighted;
}

/** Received (by China day of submission, with 补正) or accepted cases of a department, item and halls. */
export interface CountRollRow {
  d: string;
  i: string;
  h: string[];
  n: number;
  corrections: number;
}

/**
 * Bookings of an item and hall on the slot's day: per booked status [bookings, checked in], waits.
 * In the `top` view: of a department (the item's, as the catalogue said when the day was computed).
 */
export interface BookingRollRow {
  /** Only in the `top` view: a department's row or a hall's row. */
  k?: 'department' | 'hall';
  d?: string;
  i: string;
  h: string;
  s: Record<string, [number, number]>;
  /** waiting minutes → bookings */
  w: Weighted;
  /** [China hour of the check-in, waiting minutes, bookings] */
  hr: Array<[number, number, number]>;
}

/** Counted ratings of a department, item and hall by level. */
export interface RatingRollRow {
  d: string;
  i: string;
  h: string | null;
  l: Record<string, number>;
}

/** Consultations asked (China day) of a department and item; answer time in working hours (0.1). */
export interface ConsultationRollRow {
  d: string | null;
  i: string | null;
  asked: number;
  answered: number;
  overdue: number;
  hours: Weighted;
}

/**
 * The `items` view of received cases: [item, received, of them asked for 补正] — a bare list, as a
 * year of it is some 170,000 entries (7.3 MB as objects, less than half as lists).
 */
export type ItemCount = [item: string, received: number, corrections: number];

export interface RollupRows {
  closed: ClosedRollRow;
  received: CountRollRow;
  accepted: CountRollRow;
  bookings: BookingRollRow;
  ratings: RatingRollRow;
  consultations: ConsultationRollRow;
}
export type RollupPart = keyof RollupRows;

/** What a view may look up: the catalogue's department of an item (bookings carry no department). */
export interface RollupContext {
  departmentOfItem(code: string): string | undefined;
}

/**
 * The views a day keeps besides its rows: `top`, by department (bookings: and hall) with no item
 * (`i: ''`), a few dozen rows a day where the rows are hundreds — what the page reads when it neither
 * drills into a department nor filters by hall or level; `items` (received only): by item alone, for
 * 补正 by item.
 */
export type RollupView = 'rows' | 'top' | 'items';

export interface PartSpec<Row> {
  source: RollupSource;
  /** The fields of a stamped document its day is read from, and that day (none: not in this part). */
  fields: readonly string[];
  dayOf(doc: Record<string, unknown>): string | undefined;
  /** The rows of each day of [from, to] that has any. */
  compute(repo: FiguresRepository, from: string, to: string): Promise<Map<string, Row[]>>;
  /** The coarser views of a day's rows. */
  views: {
    top?: (rows: readonly Row[], ctx: RollupContext) => Row[];
    items?: (rows: readonly Row[], ctx: RollupContext) => ItemCount[];
  };
}

/** Rows folded into one per key: `make` starts a row from the first of its key, `add` folds each in. */
function foldBy<In, Row>(
  rows: readonly In[],
  keyOf: (row: In) => string,
  make: (row: In) => Row,
  add: (into: Row, row: In) => void,
): Row[] {
  const out = new Map<string, Row>();
  for (const row of rows) {
    const key = keyOf(row);
    let into = out.get(key);
    if (!into) out.set(key, (into = make(row)));
    add(into, row);
  }
  return [...out.values()];
}

/** The same, for each day apart: the rows of each day that has any. */
function rollInto<Fine extends { day: string }, Row>(
  fine: readonly Fine[],
  keyOf: (f: Fine) => string,
  make: (f: Fine) => Row,
  add: (row: Row, f: Fine) => void,
): Map<string, Row[]> {
  const byDay = new Map<string, Fine[]>();
  for (const f of fine) {
    const list = byDay.get(f.day);
    if (list) list.push(f);
    else byDay.set(f.day, [f]);
  }
  return new Map([...byDay].map(([day, list]) => [day, foldBy(list, keyOf, make, add)]));
}

/** Adds a booking row's counts per status into another's. */
function addStatuses(into: BookingRollRow, r: BookingRollRow) {
  for (const [status, [n, ci]] of Object.entries(r.s)) {
    const at = (into.s[status] ??= [0, 0]);
    at[0] += n;
    at[1] += ci;
  }
}

/** Adds `n` bookings that waited `w` minutes after a check-in in China hour `hour`. */
function addHour(hours: BookingRollRow['hr'], hour: number, w: number, n: number) {
  const at = hours.find((e) => e[0] === hour && e[1] === w);
  if (at) at[2] += n;
  else hours.push([hour, w, n]);
}

/** Adds one histogram into another. */
function addAll(into: Weighted, from: Weighted) {
  for (const [v, w] of from) addTo(into, v, w);
}

/** Adds `weight` to `value` in a histogram kept as [value, weight] pairs. */
function addTo(hist: Weighted, value: number, weight: number) {
  const at = hist.find((p) => p[0] === value);
  if (at) at[1] += weight;
  else hist.push([value, weight]);
}

const dateString = (v: unknown) => (typeof v === 'string' ? v : undefined);
const chinaDayOf = (v: unknown) => (v instanceof Date ? toChinaDate(v) : undefined);
const deptItemHalls = (f: { d: string; i: string; h?: unknown }) =>
  `${f.d}|${f.i}|${JSON.stringify(f.h ?? null)}`;

const casesCounted = (day: (doc: Record<string, unknown>) => string | undefined) =>
  ({ source: 'cases', fields: ['submittedAt', 'acceptedDate', 'closedDate'], dayOf: day }) as const;

const byDepartment = (r: { d?: string | null }) => r.d ?? '';
const addCounts = (into: CountRollRow, r: CountRollRow) => {
  into.n += r.n;
  into.corrections += r.corrections;
};
const countViews: PartSpec<CountRollRow>['views'] = {
  top: (rows) =>
    foldBy(
      rows,
      byDepartment,
      (r): CountRollRow => ({ d: r.d, i: '', h: [], n: 0, corrections: 0 }),
      addCounts,
    ),
};

function countRows(
  fine: Array<{ day: string; d: string; i: string; h?: string[]; n: number; corrections?: number }>,
) {
  return rollInto(
    fine,
    deptItemHalls,
    (f): CountRollRow => ({ d: f.d, i: f.i, h: f.h ?? [], n: 0, corrections: 0 }),
    (row, f) => {
      row.n += f.n;
      row.corrections += Number(f.corrections ?? 0);
    },
  );
}

/** A closed-cases row with nothing counted yet (a day's fine row, or a department's in `top`). */
const emptyClosedRow = (d: string, i: string, h: string[]): ClosedRollRow => ({
  d,
  i,
  h,
  n: 0,
  onTime: 0,
  trips: 0,
  atMostOne: 0,
  b: [0, 0, 0, 0],
  wd: [],
});

/** A consultations row with nothing counted yet. */
const emptyConsultationRow = (d: string | null, i: string | null): ConsultationRollRow => ({
  d,
  i,
  asked: 0,
  answered: 0,
  overdue: 0,
  hours: [],
});

export const PARTS: { [P in RollupPart]: PartSpec<RollupRows[P]> } = {
  closed: {
    ...casesCounted((doc) => dateString(doc.closedDate)),
    views: {
      top: (rows) =>
        foldBy(
          rows,
          byDepartment,
          (r) => emptyClosedRow(r.d, '', []),
          (into, r) => {
            into.n += r.n;
            into.onTime += r.onTime;
            into.trips += r.trips;
            into.atMostOne += r.atMostOne;
            for (let b = 0; b < 4; b++) into.b[b]! += r.b[b]!;
            addAll(into.wd, r.wd);
          },
        ),
    },
    async compute(repo, from, to) {
      const memo = new Map<string, number>();
      return rollInto(
        await repo.closedByDay(from, to),
        deptItemHalls,
        (f) => emptyClosedRow(f.d, f.i, f.h ?? []),
        (row, f) => {
          row.n += f.n;
          row.onTime += f.on ? f.n : 0;
          row.trips += f.t * f.n;
          row.atMostOne += f.t <= 1 ? f.n : 0;
          row.b[Math.min(f.t, 3)]! += f.n;
          const wd =
            typeof f.wd === 'number'
              ? f.wd
              : f.a
                ? processingWorkingDays(f.a, f.day, f.pauses ?? [], memo)
                : null;
          if (wd !== null) addTo(row.wd, wd, f.n);
        },
      );
    },
  },
  received: {
    ...casesCounted((doc) => chinaDayOf(doc.submittedAt)),
    views: {
      ...countViews,
      items: (rows) => {
        const byItem = new Map<string, ItemCount>();
        for (const r of rows) {
          const at = byItem.get(r.i);
          if (at) {
            at[1] += r.n;
            at[2] += r.corrections;
          } else byItem.set(r.i, [r.i, r.n, r.corrections]);
        }
        return [...byItem.values()];
      },
    },
    compute: async (repo, from, to) => countRows(await repo.receivedByDay(from, to)),
  },
  accepted: {
    ...casesCounted((doc) => dateString(doc.acceptedDate)),
    views: countViews,
    compute: async (repo, from, to) => countRows(await repo.acceptedByDay(from, to)),
  },
  bookings: {
    source: 'bookings',
    fields: ['date'],
    dayOf: (doc) => dateString(doc.date),
    views: {
      // By department (counts and waits) and, apart, by hall (counts, waits and the hour of the wait):
      // no figure needs them crossed, and crossed they were four times the text.
      top: (rows, ctx) => [
        ...foldBy(
          rows.map((r): BookingRollRow => ({ ...r, d: ctx.departmentOfItem(r.i) ?? '' })),
          (r) => r.d ?? '',
          (r): BookingRollRow => ({ k: 'department', d: r.d ?? '', i: '', h: '', s: {}, w: [], hr: [] }),
          (into, r) => {
            addStatuses(into, r);
            addAll(into.w, r.w);
          },
        ),
        ...foldBy(
          rows,
          (r) => r.h,
          (r): BookingRollRow => ({ k: 'hall', i: '', h: r.h, s: {}, w: [], hr: [] }),
          (into, r) => {
            addStatuses(into, r);
            addAll(into.w, r.w);
            for (const [hour, w, n] of r.hr) addHour(into.hr, hour, w, n);
          },
        ),
      ],
    },
    async compute(repo, from, to) {
      const { counts, waits } = await repo.bookingsByDay(from, to, BOOKED_STATUSES);
      const keyOf = (f: { i: string; h: string }) => `${f.i}|${f.h}`;
      const make = (f: { i: string; h: string }): BookingRollRow => ({
        i: f.i,
        h: f.h,
        s: {},
        w: [],
        hr: [],
      });
      // Both groupings into one set of rows per day, item and hall.
      const tagged = [
        ...counts.map((c) => ({ ...c, kind: 'count' as const })),
        ...waits.map((w) => ({ ...w, kind: 'wait' as const })),
      ];
      return rollInto(tagged, keyOf, make, (row, f) => {
        if (f.kind === 'count') {
          if (f.s === null) return;
          const at = (row.s[f.s] ??= [0, 0]);
          at[0] += f.n;
          if (f.ci) at[1] += f.n;
          return;
        }
        if (f.w === null || f.hr === null) return;
        addTo(row.w, f.w, f.n);
        addHour(row.hr, f.hr, f.w, f.n);
      });
    },
  },
  ratings: {
    source: 'ratings',
    fields: ['day'],
    dayOf: (doc) => dateString(doc.day),
    views: {
      top: (rows) =>
        foldBy(
          rows,
          byDepartment,
          (r): RatingRollRow => ({ d: r.d, i: '', h: null, l: {} }),
          (into, r) => {
            for (const [l, n] of Object.entries(r.l)) into.l[l] = (into.l[l] ?? 0) + n;
          },
        ),
    },
    async compute(repo, from, to) {
      return rollInto(
        await repo.ratingsByDay(from, to),
        (f) => `${f.d}|${f.i}|${f.h ?? ''}`,
        (f): RatingRollRow => ({ d: f.d, i: f.i, h: f.h ?? null, l: {} }),
        (row, f) => {
          row.l[f.l] = (row.l[f.l] ?? 0) + f.n;
        },
      );
    },
  },
  consultations: {
    source: 'consultations',
    fields: ['askedAt'],
    dayOf: (doc) => chinaDayOf(doc.askedAt),
    views: {
      top: (rows) =>
        foldBy(
          rows,
          (r) => r.d ?? '',
          (r) => emptyConsultationRow(r.d, null),
          (into, r) => {
            into.asked += r.asked;
            into.answered += r.answered;
            into.overdue += r.overdue;
            addAll(into.hours, r.hours);
          },
        ),
    },
    async compute(repo, from, to) {
      const fine = (await repo.consultationsByDay(from, to)).map((c) => ({
        ...c,
        day: toChinaDate(new Date(c.askedAt)),
      }));
      return rollInto(
        fine,
        (f) => `${f.d ?? ''}|${f.i ?? ''}`,
        (f) => emptyConsultationRow(f.d ?? null, f.i ?? null),
        (row, f) => {
          row.asked += f.n;
          if (f.overdue) row.overdue += f.n;
          if (!f.answeredAt) return;
          row.answered += f.n;
          addTo(row.hours, round(workingHoursBetween(new Date(f.askedAt), new Date(f.answeredAt)), 1), f.n);
        },
      );
    },
  },
};

/** The parts made from one source (a stamped document of it may change each of their days). */
export const partsOf = (source: RollupSource) =>
  (Object.keys(PARTS) as RollupPart[]).filter((p) => PARTS[p].source === source);

export const ROLLUP_PARTS = Object.keys(PARTS) as RollupPart[];

/** The shape of the rows and views kept: a day kept in another shape is computed again. */
export const ROLLUP_FORMAT = 2;
