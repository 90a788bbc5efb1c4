import type { Connection, PipelineStage } from 'mongoose';
import { addCalendarDays, chinaDateTime } from '../../calendar';
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

/** A closed case is on time when it has a due date and closed on or before it. */
const onTime = { $and: [has('$dueDate'), { $lte: ['$closedDate', '$dueDate'] }] };

/** The instant a China day starts; the China day of an instant field (pipeline). */
const chinaDayStart = (day: string) => chinaDateTime(day, '00:00');
const chinaDayOf = (field: string) => ({
  $dateToString: { format: '%Y-%m-%d', date: { $add: [field, CHINA_OFFSET_MS] } },
});

/** Closed cases of one day, department, item, halls, trip count, on time and processing days. */
export interface ClosedDayRow {
  day: string;
  d: string;
  i: string;
  h?: string[];
  /** trips recorded */
  t: number;
  on: boolean;
  /** Processing working days the case keeps; else its accepted day and pauses to compute them. */
  wd?: number | null;
  a?: string | null;
  pauses?: Array<{ from: string; to: string }> | null;
  n: number;
}

/** Cases of one day, department, item and halls (received: with how many were asked for 补正). */
export interface DayCountRow {
  day: string;
  d: string;
  i: string;
  h?: string[];
  n: number;
  corrections?: number;
}

/**
 * Bookings of one day by item, hall, status (null: not a booked status) and checked in; waiting
 * minutes `w` by day, item, hall and China hour of the check-in (null: not called after a check-in).
 */
export type BookingDayRows = {
  counts: Array<{ day: string; i: string; h: string; s: string | null; ci: boolean; n: number }>;
  waits: Array<{ day: string; i: string; h: string; hr: number | null; w: number | null; n: number }>;
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
     * 督查 roll-ups, closed part: cases closed (办结) on the days [from, to] by closed day, department,
     * item, halls, trips, on time and the processing days the case keeps (`processingDays`, fixed at
     * 办结); a case closed before that field existed brings its accepted day and pauses instead.
     */
    closedByDay(from: string, to: string): Promise<ClosedDayRow[]> {
      const kept = has('$processingDays');
      const unlessKept = (field: string) => ({ $cond: [kept, null, field] });
      return grouped<ClosedDayRow>(
        Cases,
        { closedDate: { $gte: from, $lte: to } },
        {
          day: '$closedDate',
          d: '$department',
          i: '$itemCode',
          h: '$halls',
          t: { $size: { $ifNull: ['$trips', []] } },
          on: onTime,
          wd: '$processingDays',
          a: unlessKept('$acceptedDate'),
          pauses: unlessKept('$pauses'),
        },
        { n: { $sum: 1 } },
      );
    },

    /** Roll-ups, received part: cases received (申报) by China day, department, item and halls, with 补正. */
    receivedByDay(from: string, to: string): Promise<DayCountRow[]> {
      return grouped<DayCountRow>(
        Cases,
        { submittedAt: { $gte: chinaDayStart(from), $lt: chinaDayStart(addCalendarDays(to, 1)) } },
        { day: chinaDayOf('$submittedAt'), d: '$department', i: '$itemCode', h: '$halls' },
        {
          n: { $sum: 1 },
          corrections: sum({ $in: ['request_correction', { $ifNull: ['$timeline.kind', []] }] }),
        },
      );
    },

    /** Roll-ups, accepted part: cases accepted (受理) by day, department, item and halls. */
    acceptedByDay(from: string, to: string): Promise<DayCountRow[]> {
      return grouped<DayCountRow>(
        Cases,
        { acceptedDate: { $gte: from, $lte: to } },
        { day: '$acceptedDate', d: '$department', i: '$itemCode', h: '$halls' },
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

    /**
     * Roll-ups, bookings part: bookings of slots on the days [from, to] by day, item, hall, status
     * (null: not one of `statuses`) and checked in; and the waiting times (check-in → called, whole
     * minutes) by day, item, hall and China hour of the check-in. Two pipelines, not one `$facet`:
     * a facet's answer is one document, and a month of waits can outgrow a document's 16 MB.
     */
    async bookingsByDay(from: string, to: string, statuses: readonly string[]): Promise<BookingDayRows> {
      const w = { $round: [{ $divide: [{ $subtract: ['$calledAt', '$checkedInAt'] }, 60_000] }, 0] };
      const n = { n: { $sum: 1 } };
      const [counts, waits] = await Promise.all([
        grouped<BookingDayRows['counts'][number]>(
          Bookings,
          { date: { $gte: from, $lte: to } },
          {
            day: '$date',
            i: '$itemCode',
            h: '$hallCode',
            s: { $cond: [{ $in: ['$status', [...statuses]] }, '$status', null] },
            ci: has('$checkedInAt'),
          },
          n,
        ),
        grouped<BookingDayRows['waits'][number]>(
          Bookings,
          { date: { $gte: from, $lte: to }, checkedInAt: { $ne: null }, calledAt: { $ne: null } },
          {
            day: '$date',
            i: '$itemCode',
            h: '$hallCode',
            hr: { $hour: { $add: ['$checkedInAt', CHINA_OFFSET_MS] } },
            w,
          },
          n,
        ),
      ]);
      return { counts, waits };
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

    /** Roll-ups, consultations part: consultations asked on the days [from, to], by their times. */
    consultationsByDay(from: string, to: string) {
      return grouped<{
        d?: string;
        i?: string;
        askedAt: Date;
        answeredAt?: Date;
        overdue: boolean;
        n: number;
      }>(
        Consultations,
        { askedAt: { $gte: chinaDayStart(from), $lt: chinaDayStart(addCalendarDays(to, 1)) } },
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

    /** Roll-ups, ratings part: counted ratings (an invalid one is not) by day, department, item, hall, level. */
    ratingsByDay(from: string, to: string) {
      return grouped<{ day: string; d: string; i: string; h?: string; l: string; n: number }>(
        Ratings,
        { day: { $gte: from, $lte: to }, counted: true },
        {
          day: '$day',
          d: '$served.department',
          i: { $ifNull: ['$served.itemCode', ''] },
          h: '$served.hallCode',
          l: '$level',
        },
        { n: { $sum: 1 } },
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
