import { Types } from 'mongoose';
import type { CaseStatus, CorrectionItem, WindowType } from '@app/shared';
import type {
  CaseEventRecord,
  CaseRecord,
  CaseTaskRecord,
  CaseTripRecord,
} from '../../cases/models/case.model';
import { computeDueDate } from '../../cases/services/case-deadlines';
import type { PlannedSlot } from '../../appointments/services/slot-plan';
import type { ServedRecord } from '../../ratings/models/rating.model';
import { addWorkingDays, processingWorkingDays } from '../../calendar';
import type { HistoryContext, HistoryItem, Person, Staff } from './context';
import { drawCumulative } from './random';
import type { SeatBook } from './seats';
import { after } from './time';

/** Working days between two days, shared by every generated case (pure: the calendar's answer). */
const WORKING_DAYS_MEMO = new Map<string, number>();

/** A booking a case's visit (到厅签到) needs: written by the appointments pass as served. */
export interface VisitBooking {
  _id: Types.ObjectId;
  personId: string;
  itemCode: string;
  hallCode: string;
  slot: PlannedSlot;
  checkedInAt: Date;
  bookedAt: Date;
}

/** A service that ended and may be rated (what the ratings adapters answer for it). */
export interface Rateable {
  kind: 'case' | 'appointment' | 'consultation' | 'complaint';
  serviceId: string;
  personId: string;
  title: string;
  served: ServedRecord;
  endedAt: Date;
}

const CORRECTION_REASONS = ['材料不清晰，请重新上传', '缺少签字页', '信息与证照不一致', '复印件未加盖公章'];

/** Trips by the item's promise (最多跑一次: most items keep it, a few cases do not). */
function tripCount(ctx: HistoryContext, item: HistoryItem): number {
  const { rng } = ctx;
  if (item.maxTrips <= 0) return rng.weighted([86, 11, 3]);
  if (item.maxTrips === 1) return rng.weighted([27, 61, 9, 2, 1]);
  return rng.weighted([8, 34, 40, 13, 5]);
}

interface Draft {
  status: CaseStatus;
  timeline: CaseEventRecord[];
  trips: CaseTripRecord[];
  cursor: Date;
  day: string;
}

/**
 * One case as the cases service leaves it after every step taken up to `lastDay` (the statuses,
 * timeline, trips, pauses, due date and delivery its transitions write), with the visit bookings
 * its appointment trips stand for and, when it ended, what a rating of it names.
 */
export function generateCase(
  ctx: HistoryContext,
  seats: SeatBook,
  input: { day: string; number: string; lastDay: string },
): { doc: CaseRecord; visits: VisitBooking[]; rateable?: Rateable } {
  const { rng } = ctx;
  const item = ctx.items[drawCumulative(rng, ctx.itemWeights)]!;
  const person: Person = rng.pick(ctx.people);
  const lead: Staff = ctx.staffOf(item.departmentCode);
  const applicantActor = { userId: person.id, role: 'citizen' as const };
  const staffActor = {
    userId: lead.userId,
    role: 'staff' as const,
    department: item.departmentCode,
    name: lead.name,
  };
  const submittedAt = after(rng, new Date(0), input.day);
  const _id = new Types.ObjectId(rng.objectIdHex(submittedAt));
  const caseId = String(_id);
  const d: Draft = {
    status: 'submitted',
    timeline: [{ at: submittedAt, kind: 'apply', to: 'submitted', actor: applicantActor }],
    trips: [],
    cursor: submittedAt,
    day: input.day,
  };
  const set: Partial<CaseRecord> = {};
  const visits: VisitBooking[] = [];
  let trips = tripCount(ctx, item);
  // An item that cannot be applied for online starts with a visit to the window.
  if (!item.onlineCapable) trips = Math.max(1, trips);
  const bookingHalls = item.halls.filter((h) => ctx.halls.has(h));

  /** Moves to `n` working days after the current day; false when that lies past the history's end. */
  const advance = (n: number): boolean => {
    const next = n === 0 ? d.day : addWorkingDays(d.day, n);
    if (next > input.lastDay) return false;
    d.cursor = after(rng, d.cursor, next);
    d.day = next;
    return true;
  };
  const move = (
    kind: CaseEventRecord['kind'],
    to: CaseStatus,
    actor: CaseEventRecord['actor'],
    note?: string,
  ) => {
    d.timeline.push({ at: d.cursor, kind, from: d.status, to, actor, ...(note ? { note } : {}) });
    d.status = to;
  };
  /** A visit now: at the window, or an appointment check-in (its booking placed in the seat ledger). */
  const visit = (note?: string) => {
    if (trips <= 0) return false;
    trips--;
    const hallCode = bookingHalls.length ? rng.pick(bookingHalls) : item.halls[0];
    if (hallCode && ctx.halls.has(hallCode) && rng.chance(0.45)) {
      const bookingId = new Types.ObjectId(rng.objectIdHex(d.cursor));
      const bookedAt = new Date(d.cursor.getTime() - rng.int(1, 6) * 86_400_000);
      const types: WindowType[] = rng.chance(0.6) ? ['综合受理', '部门窗口'] : ['部门窗口', '综合受理'];
      const slot = seats.take(hallCode, d.day, types, String(bookingId), { k: 'b', at: bookedAt }, d.cursor);
      if (slot) {
        const checkedInAt = new Date(
          Math.max(d.cursor.getTime(), slot.startsAt.getTime() - rng.int(0, 15) * 60_000),
        );
        d.cursor = checkedInAt;
        visits.push({
          _id: bookingId,
          personId: person.id,
          itemCode: item.code,
          hallCode,
          slot,
          checkedInAt,
          bookedAt,
        });
        d.trips.push({ at: checkedInAt, source: 'appointment', hallCode, appointmentId: String(bookingId) });
        d.timeline.push({ at: checkedInAt, kind: 'trip', actor: { role: 'system' }, note: '预约到厅签到' });
        return true;
      }
    }
    const counter = hallCode ? ctx.hallStaff(hallCode) : lead;
    d.trips.push({
      at: d.cursor,
      source: 'window',
      ...(hallCode ? { hallCode } : {}),
      staffId: counter.userId,
      ...(note ? { note } : {}),
    });
    d.timeline.push({
      at: d.cursor,
      kind: 'trip',
      actor: {
        userId: counter.userId,
        role: 'staff',
        ...(counter.department ? { department: counter.department } : {}),
        name: counter.name,
      },
      note: note ?? '窗口办理',
    });
    return true;
  };
  const withdrawal = () =>
    move('withdraw', 'withdrawn', applicantActor, rng.pick(['不需要办理了', '信息填写有误，重新申请']));

  const materials = item.materials.map((m) => ({
    name: m.name,
    requirement: m.requirement,
    state: (m.requirement === 'shared'
      ? 'shared'
      : m.requirement === 'cancelled'
        ? 'cancelled'
        : 'missing') as CaseRecord['materials'][number]['state'],
    files: [],
  }));
  const supplied = () => {
    for (const m of materials) if (m.state === 'missing') m.state = 'uploaded';
  };
  let corrections: CorrectionItem[] = [];
  const pauses: Array<{ from: string; to: string }> = [];

  // 申报: at the window when the item cannot be done online (or the person prefers it).
  if (!item.onlineCapable || rng.chance(0.35)) visit('窗口申报');
  supplied();
  run: {
    if (!advance(rng.weighted([45, 45, 10]))) break run;
    if (rng.chance(0.025)) {
      withdrawal();
      break run;
    }
    // 预审: 需补正 for about one case in eight.
    if (rng.chance(0.13)) {
      const index = rng.int(0, Math.max(0, materials.length - 1));
      corrections = [
        { index, name: materials[index]?.name ?? '申请材料', reason: rng.pick(CORRECTION_REASONS) },
      ];
      if (materials[index]) materials[index].state = 'missing';
      move(
        'request_correction',
        'needs_correction',
        staffActor,
        `${corrections[0]!.name}：${corrections[0]!.reason}`,
      );
      if (!advance(rng.int(1, 4))) break run;
      if (rng.chance(0.05)) {
        withdrawal();
        break run;
      }
      visit('补正材料');
      supplied();
      corrections = [];
      move('resubmit', 'submitted', applicantActor);
      if (!advance(rng.weighted([60, 40]))) break run;
    }
    move('prereview_pass', 'prereviewed', staffActor);
    if (!advance(rng.weighted([70, 30]))) break run;
    if (rng.chance(0.03)) {
      const reason = '不属于本机关职权范围';
      set.rejectionReason = reason;
      move('reject', 'rejected', staffActor, reason);
      break run;
    }
    // 受理: the clock starts; configured parallel departments get their tasks.
    const accepted = d.day;
    const tasks: CaseTaskRecord[] = item.coDepartments
      .filter((t) => t.department !== item.departmentCode)
      .map((t) => {
        const days = Math.max(1, t.limitDays ?? item.promisedLimitDays);
        return {
          _id: new Types.ObjectId(rng.objectIdHex(d.cursor)),
          department: t.department,
          status: 'pending' as const,
          limitDays: days,
          dueDate: addWorkingDays(accepted, days),
        };
      });
    const due = computeDueDate({
      promisedLimitDays: item.promisedLimitDays,
      acceptedDate: accepted,
      pauses: [],
    });
    set.acceptedDate = accepted;
    set.dueDate = due.dueDate ?? undefined;
    set.tasks = tasks;
    const names = tasks.map((t) => ctx.departmentNames.get(t.department) ?? t.department);
    move('accept', 'accepted', staffActor, names.length ? `并联部门：${names.join('、')}` : undefined);
    d.cursor = after(rng, d.cursor, d.day);
    move('start', 'in_progress', staffActor);
    // How long it takes: most well inside the promise, a few late.
    const limit = item.promisedLimitDays;
    const late = rng.chance(0.07);
    let work =
      limit < 1
        ? 0
        : late
          ? limit + rng.int(1, 6)
          : Math.max(0, Math.round(limit * (0.2 + 0.75 * rng.next())));
    // 办理中补正 stops the clock for a few days.
    if (work > 1 && rng.chance(0.06)) {
      const before = rng.int(1, work - 1);
      if (!advance(before)) break run;
      work -= before;
      const name = materials[0]?.name ?? '申请材料';
      corrections = [{ index: 0, name, reason: rng.pick(CORRECTION_REASONS) }];
      if (materials[0]) materials[0].state = 'missing';
      move('request_correction', 'correction_paused', staffActor, `${name}：${corrections[0]!.reason}`);
      set.openPauseFrom = d.day;
      set.dueDate = undefined;
      if (!advance(rng.int(1, 5))) break run;
      visit('补正材料');
      supplied();
      corrections = [];
      pauses.push({ from: set.openPauseFrom, to: d.day });
      set.openPauseFrom = undefined;
      const resumed = computeDueDate({ promisedLimitDays: limit, acceptedDate: accepted, pauses });
      set.dueDate = resumed.dueDate ?? undefined;
      move('resubmit', 'in_progress', applicantActor);
    }
    // A visit in between (a question at the window, an original to show).
    if (trips > 1 && work > 1) {
      const mid = rng.int(1, work - 1);
      if (!advance(mid)) break run;
      work -= mid;
      visit('现场核验原件');
    }
    if (!advance(work)) break run;
    for (const task of tasks) {
      const at = d.cursor;
      task.status = 'done';
      task.outcome = 'approved';
      task.updatedAt = at;
      const taskStaff = ctx.staffOf(task.department);
      d.timeline.push({
        at,
        kind: 'task_updated',
        actor: { userId: taskStaff.userId, role: 'staff', department: task.department, name: taskStaff.name },
        taskDepartment: task.department,
        note: '办结（同意）',
      });
      d.cursor = after(rng, d.cursor, d.day, 1, 20);
    }
    const outcome = rng.chance(0.97) ? 'approved' : 'refused';
    set.outcome = outcome;
    set.closedDate = d.day;
    // As the cases module's complete step fixes it (the memo: a year has few day pairs).
    set.processingDays = processingWorkingDays(set.acceptedDate!, d.day, pauses, WORKING_DAYS_MEMO);
    move('complete', 'completed', staffActor, outcome === 'approved' ? '准予许可' : '不予许可');
    // 出件: at the window when a visit is left for it, else by post.
    const byWindow = trips > 0;
    if (!byWindow) {
      d.timeline.push({ at: d.cursor, kind: 'delivery_chosen', actor: applicantActor, note: '邮寄送达' });
    }
    if (!advance(rng.weighted([35, 40, 20, 5]))) break run;
    if (byWindow) {
      visit('窗口领取');
      const hall = d.trips[d.trips.length - 1]?.hallCode;
      const counter = hall ? ctx.hallStaff(hall) : lead;
      d.cursor = after(rng, d.cursor, d.day, 1, 15);
      set.delivery = { method: 'pickup', deliveredAt: d.cursor };
      move(
        'deliver',
        'delivered',
        {
          userId: counter.userId,
          role: 'staff',
          ...(counter.department ? { department: counter.department } : {}),
          name: counter.name,
        },
        '窗口领取',
      );
    } else {
      const trackingNumber = `SF${rng.int(100000000, 999999999)}${rng.int(100, 999)}`;
      set.delivery = {
        method: 'post',
        address: { recipient: person.name, phone: person.phone, address: '鸡西市鸡冠区（演示地址）' },
        trackingNumber,
        carrier: '顺丰速运',
        deliveredAt: d.cursor,
      };
      move('deliver', 'delivered', staffActor, `邮寄 顺丰速运 ${trackingNumber}`);
    }
  }
  // Any visit still owed (跑了不止一次) happened along the way: on the last day reached.
  const last = d.timeline[d.timeline.length - 1]!.at;
  const doc: CaseRecord = {
    _id,
    number: input.number,
    itemCode: item.code,
    itemName: item.name,
    department: item.departmentCode,
    halls: item.halls,
    maxTrips: item.maxTrips,
    promisedLimitDays: item.promisedLimitDays,
    applicantId: person.id,
    applicantNameMasked: person.masked,
    verify: { nameHashes: [ctx.hash(`${input.number}|name|${person.name}`)] },
    status: d.status,
    version: d.timeline.length - 1,
    formFields: {},
    materials,
    corrections,
    tasks: set.tasks ?? [],
    trips: d.trips,
    timeline: d.timeline,
    pauses,
    submittedAt,
    createdAt: submittedAt,
    updatedAt: last,
    ...(set.acceptedDate ? { acceptedDate: set.acceptedDate } : {}),
    ...(set.openPauseFrom ? { openPauseFrom: set.openPauseFrom } : {}),
    ...(set.dueDate ? { dueDate: set.dueDate } : {}),
    ...(set.outcome ? { outcome: set.outcome } : {}),
    ...(set.closedDate ? { closedDate: set.closedDate } : {}),
    ...(set.processingDays !== undefined ? { processingDays: set.processingDays } : {}),
    ...(set.rejectionReason ? { rejectionReason: set.rejectionReason } : {}),
    ...(set.delivery ? { delivery: set.delivery } : {}),
  };
  let rateable: Rateable | undefined;
  const completed = d.timeline.find((e) => e.kind === 'complete');
  if (completed) {
    const hallCode = [...d.trips].reverse().find((t) => t.hallCode)?.hallCode ?? item.halls[0];
    rateable = {
      kind: 'case',
      serviceId: caseId,
      personId: person.id,
      title: `${item.name}（${input.number}）`,
      endedAt: completed.at,
      served: {
        itemCode: item.code,
        itemName: item.name,
        department: item.departmentCode,
        ...(hallCode ? { hallCode } : {}),
        staffId: lead.userId,
        staffName: lead.name,
      },
    };
  }
  return { doc, visits, ...(rateable ? { rateable } : {}) };
}
