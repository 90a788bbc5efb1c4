import type { Connection, PipelineStage } from 'mongoose';
import { bookingModel } from '../../appointments/models/booking.model';
import { slotModel } from '../../appointments/models/slot.model';
import { caseModel } from '../../cases/models/case.model';
import { complaintModel } from '../../complaints/models/complaint.model';
import { consultationModel } from '../../consultations/models/consultation.model';
import { faqDeflectionModel } from '../../consultations/models/faq.model';
import { ratingModel } from '../../ratings/models/rating.model';
import { rectificationModel } from '../../ratings/models/rectification.model';

/**
 * Read-only aggregation pipelines over the collections the other modules own (their models'
 * registration functions, never their write paths). Each answers small grouped rows; the services
 * turn them into figures (working days, medians, shares). Ranges: `from`/`to` are China dates
 * (inclusive); `start`/`end` the instants of from 00:00 and the day after `to` 00:00.
 */
export interface Range {
  from: string;
  to: string;
  start: Date;
  end: Date;
}

/** Filters already turned into field conditions by the service (department, hall, item codes). */
export interface Scope {
  department?: string;
  hall?: string;
  /** Only these items (the level filter). */
  items?: string[];
}

const sum = (cond: unknown) => ({ $sum: { $cond: [cond, 1, 0] } });
/** The field is present and not null (works on ObjectIds and dates alike, unlike `$gt: null`). */
const has = (field: string) => ({ $ne: [{ $ifNull: [field, null] }, null] });
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** Counts of closed cases by trips and on time (one group of a pipeline). */
export interface TripSums {
  n: number;
  onTime: number;
  trips: number;
  atMostOne: number;
  b0: number;
  b1: number;
  b2: number;
  b3: number;
}

export interface ClosedCaseGroup extends TripSums {
  /** department or item code, as asked. */
  k: string;
  /** Processing working days the cases keep; else acceptedDate, closedDate and pauses to compute them. */
  wd?: number;
  a?: string;
  c?: string;
  pauses: Array<{ from: string; to: string }>;
}

export interface ClosedDayGroup extends TripSums {
  /** closedDate */
  c: string;
}

/** A closed case is on time when it has a due date and closed on or before it. */
const onTime = { $and: [has('$dueDate'), { $lte: ['$closedDate', '$dueDate'] }] };

function tripSums(t: number, on: boolean, n: number): TripSums {
  return {
    n,
    onTime: on ? n : 0,
    trips: t * n,
    atMostOne: t <= 1 ? n : 0,
    b0: t === 0 ? n : 0,
    b1: t === 1 ? n : 0,
    b2: t === 2 ? n : 0,
    b3: t >= 3 ? n : 0,
  };
}

/** Waiting minutes `w` and how many waited them (`n`), by item, hall and hour of the check-in. */
export type Waits = {
  byItem: Array<{ i: string; w: number; n: number }>;
  byHall: Array<{ h: string; w: number; n: number }>;
  byHour: Array<{ hr: number; w: number; n: number }>;
};

export interface DeptItemCount {
  d: string;
  i: string;
  n: number;
  [key: string]: string | number;
}

type Aggregatable = { aggregate: (p: PipelineStage[]) => { exec(): Promise<unknown[]> } };

/**
 * `$match` then `$group` only, the keys in `_id` flattened into each row here: a pipeline with no
 * reshaping stage lets the engine read the stored documents without copying them.
 */
async function grouped<T>(
  model: Aggregatable,
  match: Record<string, unknown>,
  id: Record<string, unknown>,
  sums: Record<string, unknown>,
): Promise<T[]> {
  const rows = (await model.aggregate([{ $match: match }, { $group: { _id: id, ...sums } }]).exec()) as Array<
    { _id: Record<string, unknown> } & Record<string, unknown>
  >;
  return rows.map(({ _id, ...rest }) => ({ ...(_id ?? {}), ...rest }) as T);
}

/**
 * `$match` once, then several small `$group`s over the same documents (`$facet`): one pass instead
 * of one grouping by every key at once, which has a row for almost every document. Rows flattened
 * like `grouped`.
 */
async function facets<T extends Record<string, unknown[]>>(
  model: Aggregatable,
  match: Record<string, unknown>,
  groups: { [K in keyof T]: { id: Record<string, unknown>; sums: Record<string, unknown> } },
): Promise<T> {
  const facet = Object.fromEntries(
    Object.entries(groups).map(([name, g]) => [name, [{ $group: { _id: g.id, ...g.sums } }]]),
  );
  const [out] = (await model.aggregate([{ $match: match }, { $facet: facet }]).exec()) as Array<
    Record<string, Array<{ _id: Record<string, unknown> } & Record<string, unknown>>>
  >;
  return Object.fromEntries(
    Object.keys(groups).map((name) => [
      name,
      (out?.[name] ?? []).map(({ _id, ...rest }) => ({ ...(_id ?? {}), ...rest })),
    ]),
  ) as T;
}

export function createFiguresRepository(connection: Connection) {
  const Cases = caseModel(connection);
  const Bookings = bookingModel(connection);
  const Slots = slotModel(connection);
  const Consultations = consultationModel(connection);
  const Deflections = faqDeflectionModel(connection);
  const Complaints = complaintModel(connection);
  const Ratings = ratingModel(connection);
  const Rects = rectificationModel(connection);

  const caseScope = (s: Scope) => ({
    ...(s.department ? { department: s.department } : {}),
    ...(s.hall ? { halls: s.hall } : {}),
    ...(s.items ? { itemCode: { $in: s.items } } : {}),
  });
  const byDeptItem = { d: '$department', i: '$itemCode' };

  return {
    /**
     * Cases closed (办结) in the range, in one pass (`$facet`): `groups` by `by` (department or item),
     * trips, on time and the processing days the case keeps (`processingDays`, fixed at 办结) — a case
     * closed before that field existed is grouped by its accepted day, closed day and pauses instead,
     * and the service computes its working days; `days` by closed day, trips and on time (the weekly
     * trend). A few thousand rows for a year.
     */
    async closedCases(
      range: Range,
      scope: Scope,
      by: 'department' | 'itemCode',
    ): Promise<{ groups: ClosedCaseGroup[]; days: ClosedDayGroup[] }> {
      const kept = has('$processingDays');
      const unlessKept = (field: string) => ({ $cond: [kept, null, field] });
      const t = { $size: { $ifNull: ['$trips', []] } };
      const n = { n: { $sum: 1 } };
      type Row = { t: number; on: boolean; n: number };
      const rows = await facets<{
        groups: Array<
          Row & {
            k: string;
            wd?: number;
            a?: string | null;
            c?: string | null;
            pauses?: ClosedCaseGroup['pauses'] | null;
          }
        >;
        days: Array<Row & { c: string }>;
      }>(
        Cases,
        { closedDate: { $gte: range.from, $lte: range.to }, ...caseScope(scope) },
        {
          groups: {
            id: {
              k: `$${by}`,
              t,
              on: onTime,
              wd: '$processingDays',
              a: unlessKept('$acceptedDate'),
              c: unlessKept('$closedDate'),
              pauses: unlessKept('$pauses'),
            },
            sums: n,
          },
          days: { id: { c: '$closedDate', t, on: onTime }, sums: n },
        },
      );
      return {
        groups: rows.groups.map(({ t: trips, on, n: count, wd, a, c, pauses, k }) => ({
          k,
          ...(typeof wd === 'number' ? { wd } : {}),
          ...(a ? { a } : {}),
          ...(c ? { c } : {}),
          pauses: pauses ?? [],
          ...tripSums(trips, on, count),
        })),
        days: rows.days.map(({ c, t: trips, on, n: count }) => ({ c, ...tripSums(trips, on, count) })),
      };
    },

    /** Cases received (申报) in the range by department and item, with how many were asked for 补正. */
    receivedCases(range: Range, scope: Scope): Promise<DeptItemCount[]> {
      return grouped<DeptItemCount>(
        Cases,
        { submittedAt: { $gte: range.start, $lt: range.end }, ...caseScope(scope) },
        byDeptItem,
        {
          n: { $sum: 1 },
          corrections: sum({ $in: ['request_correction', { $ifNull: ['$timeline.kind', []] }] }),
        },
      );
    },

    /** Cases accepted (受理) in the range by department and item. */
    acceptedCases(range: Range, scope: Scope): Promise<DeptItemCount[]> {
      return grouped<DeptItemCount>(
        Cases,
        { acceptedDate: { $gte: range.from, $lte: range.to }, ...caseScope(scope) },
        byDeptItem,
        { n: { $sum: 1 } },
      );
    },

    /** Open cases whose due date is before `today` (overdue now), by department and item. */
    overdueOpenCases(
      today: string,
      scope: Scope,
      clockStatuses: readonly string[],
    ): Promise<DeptItemCount[]> {
      return grouped<DeptItemCount>(
        Cases,
        { status: { $in: [...clockStatuses] }, dueDate: { $lt: today }, ...caseScope(scope) },
        byDeptItem,
        { n: { $sum: 1 } },
      );
    },

    /** Bookings of slots in the range, by item, hall and status (with check-ins). */
    bookings(range: Range, scope: { hall?: string; items?: string[] }, statuses: readonly string[]) {
      return grouped<{ i: string; h: string; s: string; ci: boolean; n: number }>(
        Bookings,
        {
          date: { $gte: range.from, $lte: range.to },
          status: { $in: [...statuses] },
          ...(scope.hall ? { hallCode: scope.hall } : {}),
          ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
        },
        { i: '$itemCode', h: '$hallCode', s: '$status', ci: has('$checkedInAt') },
        { n: { $sum: 1 } },
      ).then((rows) => rows.map(({ ci, ...g }) => ({ ...g, checkedIn: ci ? g.n : 0 })));
    },

    /**
     * Waiting times (check-in → called, whole minutes) by item, by hall and by China hour of the
     * check-in: one pass over the bookings, three small groupings (`$facet`) instead of one by all
     * three, which had a row for almost every booking (196,521 for a year of 300,000).
     */
    waits(range: Range, scope: { hall?: string; items?: string[] }): Promise<Waits> {
      const w = { $round: [{ $divide: [{ $subtract: ['$calledAt', '$checkedInAt'] }, 60_000] }, 0] };
      const n = { n: { $sum: 1 } };
      return facets<Waits>(
        Bookings,
        {
          date: { $gte: range.from, $lte: range.to },
          checkedInAt: { $ne: null },
          calledAt: { $ne: null },
          ...(scope.hall ? { hallCode: scope.hall } : {}),
          ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
        },
        {
          byItem: { id: { i: '$itemCode', w }, sums: n },
          byHall: { id: { h: '$hallCode', w }, sums: n },
          byHour: { id: { hr: { $hour: { $add: ['$checkedInAt', CHINA_OFFSET_MS] } }, w }, sums: n },
        },
      );
    },

    /** Slot capacity and seats taken by hall and day. */
    slotUse(range: Range, scope: { hall?: string }) {
      return grouped<{ h: string; date: string; capacity: number; booked: number }>(
        Slots,
        { date: { $gte: range.from, $lte: range.to }, ...(scope.hall ? { hallCode: scope.hall } : {}) },
        { h: '$hallCode', date: '$date' },
        { capacity: { $sum: '$capacity' }, booked: { $sum: '$booked' } },
      );
    },

    /** Consultations asked in the range, grouped by their times (answer time needs the calendar). */
    consultations(range: Range, scope: { department?: string; items?: string[] }) {
      return grouped<{
        d?: string;
        i?: string;
        askedAt: Date;
        answeredAt?: Date;
        overdue: boolean;
        n: number;
      }>(
        Consultations,
        {
          askedAt: { $gte: range.start, $lt: range.end },
          ...(scope.department ? { department: scope.department } : {}),
          ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
        },
        {
          d: '$department',
          i: '$itemCode',
          askedAt: '$askedAt',
          answeredAt: '$firstAnsweredAt',
          overdue: {
            $or: [{ $eq: ['$overdue', true] }, { $in: ['overdue', { $ifNull: ['$events.kind', []] }] }],
          },
        },
        { n: { $sum: 1 } },
      );
    },

    /** People the FAQ answered before they asked, in the range, by item (none = general). */
    deflections(range: Range, scope: { items?: string[] }) {
      return grouped<{ i?: string; n: number }>(
        Deflections,
        {
          at: { $gte: range.start, $lt: range.end },
          ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
        },
        { i: '$itemCode' },
        { n: { $sum: 1 } },
      );
    },

    /** Complaints filed in the range by department, item, kind and status, with the closing figures. */
    complaints(
      range: Range,
      scope: { department?: string; items?: string[] },
      today: string,
      finals: readonly string[],
    ) {
      const closed = { $in: ['$status', ['closed', 'unreachable']] };
      const closedDay = {
        $dateToString: { format: '%Y-%m-%d', date: { $add: ['$closedAt', CHINA_OFFSET_MS] } },
      };
      const withDue = { $and: [closed, has('$dueDate'), has('$closedAt')] };
      return grouped<DeptItemCount & { kind: string; s: string }>(
        Complaints,
        {
          filedAt: { $gte: range.start, $lt: range.end },
          // The lead department, or before 交办 the department of what it is about.
          ...(scope.department
            ? {
                $or: [
                  { leadDepartment: scope.department },
                  { leadDepartment: null, 'subject.department': scope.department },
                ],
              }
            : {}),
          ...(scope.items ? { 'subject.itemCode': { $in: scope.items } } : {}),
        },
        {
          d: { $ifNull: ['$leadDepartment', { $ifNull: ['$subject.department', ''] }] },
          i: { $ifNull: ['$subject.itemCode', ''] },
          kind: '$kind',
          s: '$status',
        },
        {
          n: { $sum: 1 },
          closed: sum(closed),
          closedWithDue: sum(withDue),
          onTime: sum({ $and: [withDue, { $lte: [closedDay, '$dueDate'] }] }),
          redo: sum({ $gt: ['$redoCount', 0] }),
          repeat: sum(has('$repeatOf')),
          verdicts: sum(has('$verdict')),
          satisfied: sum({ $in: ['$verdict', ['satisfied', 'basically_satisfied']] }),
          overdue: sum({
            $and: [
              { $not: [{ $in: ['$status', [...finals]] }] },
              has('$dueDate'),
              { $lt: ['$dueDate', today] },
            ],
          }),
        },
      );
    },

    /**
     * Counted ratings (an invalid one is not counted) of the range by department, item and level
     * (`byKey`), and by day and level (`byDay`, the weekly trend).
     */
    ratings(range: Range, scope: Scope) {
      const n = { n: { $sum: 1 } };
      return facets<{
        byKey: Array<{ d: string; i: string; l: string; n: number }>;
        byDay: Array<{ day: string; l: string; n: number }>;
      }>(
        Ratings,
        {
          day: { $gte: range.from, $lte: range.to },
          counted: true,
          ...(scope.department ? { 'served.department': scope.department } : {}),
          ...(scope.hall ? { 'served.hallCode': scope.hall } : {}),
          ...(scope.items ? { 'served.itemCode': { $in: scope.items } } : {}),
        },
        {
          byKey: {
            id: { d: '$served.department', i: { $ifNull: ['$served.itemCode', ''] }, l: '$level' },
            sums: n,
          },
          byDay: { id: { day: '$day', l: '$level' }, sums: n },
        },
      );
    },

    /** Rectifications of bad ratings opened in the range: done on time, done late, open, overdue. */
    rectifications(range: Range, scope: Scope) {
      const done = { $eq: ['$status', 'rectified'] };
      return grouped<DeptItemCount>(
        Rects,
        {
          createdAt: { $gte: range.start, $lt: range.end },
          ...(scope.department ? { department: scope.department } : {}),
          ...(scope.hall ? { 'served.hallCode': scope.hall } : {}),
          ...(scope.items ? { 'served.itemCode': { $in: scope.items } } : {}),
        },
        { d: '$department', i: { $ifNull: ['$served.itemCode', ''] } },
        {
          n: { $sum: 1 },
          rectifiedOnTime: sum({
            $and: [done, { $eq: ['$rectification.onTime', true] }, { $ne: ['$callback.onTime', false] }],
          }),
          rectified: sum(done),
          overdue: sum({
            $and: [
              { $not: [done] },
              { $or: [{ $eq: ['$callbackOverdue', true] }, { $eq: ['$rectifyOverdue', true] }] },
            ],
          }),
        },
      );
    },
  };
}
export type FiguresRepository = ReturnType<typeof createFiguresRepository>;
