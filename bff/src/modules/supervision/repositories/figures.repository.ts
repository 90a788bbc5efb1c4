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

export interface ClosedCaseGroup {
  /** department or item code, as asked. */
  k: string;
  /** acceptedDate, closedDate. */
  a?: string;
  c: string;
  pauses: Array<{ from: string; to: string }>;
  n: number;
  onTime: number;
  trips: number;
  atMostOne: number;
  b0: number;
  b1: number;
  b2: number;
  b3: number;
}

export interface DeptItemCount {
  d: string;
  i: string;
  n: number;
  [key: string]: string | number;
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

  const agg = <T>(
    model: { aggregate: (p: PipelineStage[]) => { exec(): Promise<unknown[]> } },
    p: PipelineStage[],
  ) => model.aggregate(p).exec() as Promise<T[]>;

  return {
    /**
     * Cases closed (办结) in the range, grouped by `by` (department or item), accepted day, closed day and
     * pauses: the service computes working days once per group. Trips: the trips the case recorded.
     */
    closedCases(range: Range, scope: Scope, by: 'department' | 'itemCode'): Promise<ClosedCaseGroup[]> {
      const trips = { $size: { $ifNull: ['$trips', []] } };
      return agg<ClosedCaseGroup>(Cases, [
        { $match: { closedDate: { $gte: range.from, $lte: range.to }, ...caseScope(scope) } },
        {
          $project: {
            k: `$${by}`,
            a: '$acceptedDate',
            c: '$closedDate',
            p: { $ifNull: ['$pauses', []] },
            onTime: {
              $cond: [{ $and: [has('$dueDate'), { $lte: ['$closedDate', '$dueDate'] }] }, 1, 0],
            },
            t: trips,
          },
        },
        {
          $group: {
            _id: { k: '$k', a: '$a', c: '$c', p: '$p' },
            n: { $sum: 1 },
            onTime: { $sum: '$onTime' },
            trips: { $sum: '$t' },
            atMostOne: sum({ $lte: ['$t', 1] }),
            b0: sum({ $eq: ['$t', 0] }),
            b1: sum({ $eq: ['$t', 1] }),
            b2: sum({ $eq: ['$t', 2] }),
            b3: sum({ $gte: ['$t', 3] }),
          },
        },
        {
          $project: {
            _id: 0,
            k: '$_id.k',
            a: '$_id.a',
            c: '$_id.c',
            pauses: '$_id.p',
            n: 1,
            onTime: 1,
            trips: 1,
            atMostOne: 1,
            b0: 1,
            b1: 1,
            b2: 1,
            b3: 1,
          },
        },
      ]);
    },

    /** Cases received (申报) in the range by department and item, with how many were asked for 补正. */
    receivedCases(range: Range, scope: Scope): Promise<DeptItemCount[]> {
      return agg<DeptItemCount>(Cases, [
        { $match: { submittedAt: { $gte: range.start, $lt: range.end }, ...caseScope(scope) } },
        {
          $group: {
            _id: { d: '$department', i: '$itemCode' },
            n: { $sum: 1 },
            corrections: sum({ $in: ['request_correction', { $ifNull: ['$timeline.kind', []] }] }),
          },
        },
        { $project: { _id: 0, d: '$_id.d', i: '$_id.i', n: 1, corrections: 1 } },
      ]);
    },

    /** Cases accepted (受理) in the range by department and item. */
    acceptedCases(range: Range, scope: Scope): Promise<DeptItemCount[]> {
      return agg<DeptItemCount>(Cases, [
        { $match: { acceptedDate: { $gte: range.from, $lte: range.to }, ...caseScope(scope) } },
        { $group: { _id: { d: '$department', i: '$itemCode' }, n: { $sum: 1 } } },
        { $project: { _id: 0, d: '$_id.d', i: '$_id.i', n: 1 } },
      ]);
    },

    /** Open cases whose due date is before `today` (overdue now), by department and item. */
    overdueOpenCases(
      today: string,
      scope: Scope,
      clockStatuses: readonly string[],
    ): Promise<DeptItemCount[]> {
      return agg<DeptItemCount>(Cases, [
        { $match: { status: { $in: [...clockStatuses] }, dueDate: { $lt: today }, ...caseScope(scope) } },
        { $group: { _id: { d: '$department', i: '$itemCode' }, n: { $sum: 1 } } },
        { $project: { _id: 0, d: '$_id.d', i: '$_id.i', n: 1 } },
      ]);
    },

    /** Bookings of slots in the range, by item, hall and status (with check-ins). */
    bookings(range: Range, scope: { hall?: string; items?: string[] }, statuses: readonly string[]) {
      return agg<{ i: string; h: string; s: string; n: number; checkedIn: number }>(Bookings, [
        {
          $match: {
            date: { $gte: range.from, $lte: range.to },
            status: { $in: [...statuses] },
            ...(scope.hall ? { hallCode: scope.hall } : {}),
            ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
          },
        },
        {
          $group: {
            _id: { i: '$itemCode', h: '$hallCode', s: '$status' },
            n: { $sum: 1 },
            checkedIn: sum(has('$checkedInAt')),
          },
        },
        { $project: { _id: 0, i: '$_id.i', h: '$_id.h', s: '$_id.s', n: 1, checkedIn: 1 } },
      ]);
    },

    /** Waiting times (check-in → called, whole minutes) by item, hall and China hour of the check-in. */
    waits(range: Range, scope: { hall?: string; items?: string[] }) {
      return agg<{ i: string; h: string; hr: number; w: number; n: number }>(Bookings, [
        {
          $match: {
            date: { $gte: range.from, $lte: range.to },
            checkedInAt: { $ne: null },
            calledAt: { $ne: null },
            ...(scope.hall ? { hallCode: scope.hall } : {}),
            ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
          },
        },
        {
          $project: {
            i: '$itemCode',
            h: '$hallCode',
            hr: { $hour: { $add: ['$checkedInAt', CHINA_OFFSET_MS] } },
            w: { $round: [{ $divide: [{ $subtract: ['$calledAt', '$checkedInAt'] }, 60_000] }, 0] },
          },
        },
        { $group: { _id: { i: '$i', h: '$h', hr: '$hr', w: '$w' }, n: { $sum: 1 } } },
        { $project: { _id: 0, i: '$_id.i', h: '$_id.h', hr: '$_id.hr', w: '$_id.w', n: 1 } },
      ]);
    },

    /** Slot capacity and seats taken by hall and day. */
    slotUse(range: Range, scope: { hall?: string }) {
      return agg<{ h: string; date: string; capacity: number; booked: number }>(Slots, [
        {
          $match: {
            date: { $gte: range.from, $lte: range.to },
            ...(scope.hall ? { hallCode: scope.hall } : {}),
          },
        },
        {
          $group: {
            _id: { h: '$hallCode', date: '$date' },
            capacity: { $sum: '$capacity' },
            booked: { $sum: '$booked' },
          },
        },
        { $project: { _id: 0, h: '$_id.h', date: '$_id.date', capacity: 1, booked: 1 } },
      ]);
    },

    /** Consultations asked in the range: one small row each (answer time needs the calendar). */
    consultations(range: Range, scope: { department?: string; items?: string[] }) {
      return agg<{ d?: string; i?: string; askedAt: Date; answeredAt?: Date; overdue: boolean }>(
        Consultations,
        [
          {
            $match: {
              askedAt: { $gte: range.start, $lt: range.end },
              ...(scope.department ? { department: scope.department } : {}),
              ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
            },
          },
          {
            $project: {
              _id: 0,
              d: '$department',
              i: '$itemCode',
              askedAt: 1,
              answeredAt: '$firstAnsweredAt',
              overdue: {
                $or: [{ $eq: ['$overdue', true] }, { $in: ['overdue', { $ifNull: ['$events.kind', []] }] }],
              },
            },
          },
        ],
      );
    },

    /** People the FAQ answered before they asked, in the range, by item (none = general). */
    deflections(range: Range, scope: { items?: string[] }) {
      return agg<{ i?: string; n: number }>(Deflections, [
        {
          $match: {
            at: { $gte: range.start, $lt: range.end },
            ...(scope.items ? { itemCode: { $in: scope.items } } : {}),
          },
        },
        { $group: { _id: '$itemCode', n: { $sum: 1 } } },
        { $project: { _id: 0, i: '$_id', n: 1 } },
      ]);
    },

    /** Complaints filed in the range by department, item, kind and status, with the closing figures. */
    complaints(
      range: Range,
      scope: { department?: string; items?: string[] },
      today: string,
      finals: readonly string[],
    ) {
      const dept = { $ifNull: ['$leadDepartment', { $ifNull: ['$subject.department', ''] }] };
      const closed = { $in: ['$status', ['closed', 'unreachable']] };
      const closedDay = {
        $dateToString: { format: '%Y-%m-%d', date: { $add: ['$closedAt', CHINA_OFFSET_MS] } },
      };
      return agg<DeptItemCount & { kind: string; s: string }>(Complaints, [
        { $match: { filedAt: { $gte: range.start, $lt: range.end } } },
        { $addFields: { d: dept, i: { $ifNull: ['$subject.itemCode', ''] } } },
        {
          $match: {
            ...(scope.department ? { d: scope.department } : {}),
            ...(scope.items ? { i: { $in: scope.items } } : {}),
          },
        },
        {
          $group: {
            _id: { d: '$d', i: '$i', kind: '$kind', s: '$status' },
            n: { $sum: 1 },
            closed: sum(closed),
            closedWithDue: sum({ $and: [closed, has('$dueDate'), has('$closedAt')] }),
            onTime: sum({
              $and: [
                closed,
                has('$dueDate'),
                has('$closedAt'),
                { $lte: [closedDay, '$dueDate'] },
              ],
            }),
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
        },
        {
          $project: {
            _id: 0,
            d: '$_id.d',
            i: '$_id.i',
            kind: '$_id.kind',
            s: '$_id.s',
            n: 1,
            closed: 1,
            closedWithDue: 1,
            onTime: 1,
            redo: 1,
            repeat: 1,
            verdicts: 1,
            satisfied: 1,
            overdue: 1,
          },
        },
      ]);
    },

    /** Counted ratings (an invalid one is not counted) of the range by department, item, day and level. */
    ratings(range: Range, scope: Scope) {
      return agg<{ d: string; i: string; day: string; l: string; n: number }>(Ratings, [
        {
          $match: {
            day: { $gte: range.from, $lte: range.to },
            counted: true,
            ...(scope.department ? { 'served.department': scope.department } : {}),
            ...(scope.hall ? { 'served.hallCode': scope.hall } : {}),
            ...(scope.items ? { 'served.itemCode': { $in: scope.items } } : {}),
          },
        },
        {
          $group: {
            _id: {
              d: '$served.department',
              i: { $ifNull: ['$served.itemCode', ''] },
              day: '$day',
              l: '$level',
            },
            n: { $sum: 1 },
          },
        },
        { $project: { _id: 0, d: '$_id.d', i: '$_id.i', day: '$_id.day', l: '$_id.l', n: 1 } },
      ]);
    },

    /** Rectifications of bad ratings opened in the range: done on time, done late, open, overdue. */
    rectifications(range: Range, scope: Scope) {
      const done = { $eq: ['$status', 'rectified'] };
      return agg<DeptItemCount>(Rects, [
        {
          $match: {
            createdAt: { $gte: range.start, $lt: range.end },
            ...(scope.department ? { department: scope.department } : {}),
            ...(scope.hall ? { 'served.hallCode': scope.hall } : {}),
            ...(scope.items ? { 'served.itemCode': { $in: scope.items } } : {}),
          },
        },
        {
          $group: {
            _id: { d: '$department', i: { $ifNull: ['$served.itemCode', ''] } },
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
        },
        {
          $project: { _id: 0, d: '$_id.d', i: '$_id.i', n: 1, rectifiedOnTime: 1, rectified: 1, overdue: 1 },
        },
      ]);
    },
  };
}
export type FiguresRepository = ReturnType<typeof createFiguresRepository>;
