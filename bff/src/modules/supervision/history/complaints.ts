import { Types } from 'mongoose';
import {
  COMPLAINT_DEFAULT_LIMIT_DAYS,
  COMPLAINT_KIND_LABELS,
  type ComplaintKind,
  type ComplaintStatus,
  type FollowupVerdict,
} from '@app/shared';
import type {
  ComplaintEventRecord,
  ComplaintRecord,
  ComplaintSubjectRecord,
  FollowupAttemptRecord,
} from '../../complaints/models/complaint.model';
import { addWorkingDays, chinaDateTime, addCalendarDays } from '../../calendar';
import type { HistoryContext } from './context';
import type { Rateable } from './cases';
import { drawCumulative } from './random';
import { after } from './time';

const DESCRIPTIONS = [
  '窗口工作人员要求重复提交已经提交过的材料，来回跑了两次。',
  '预约时段到了仍需排队很久，叫号系统无人管理。',
  '网上申报后超过承诺时限仍未办结，电话咨询无人接听。',
  '办事指南写的材料和窗口实际要求不一致，希望统一口径。',
  '建议增加延时服务，上班族工作日难以请假办事。',
  '窗口工作人员态度生硬，不耐心解释政策。',
];

/** An earlier complaint a repeat can link to (same filer, same subject, within 30 days). */
export interface ComplaintSeed {
  _id: Types.ObjectId;
  number: string;
  filerId: string;
  filedAt: Date;
  subject: ComplaintSubjectRecord;
  kind: ComplaintKind;
}

/**
 * One complaint, suggestion or report as the complaints module leaves it after the steps taken up
 * to `lastDay`: filed → accepted (clock) → dispatched → replied → 回访 and verdict → closed, with a
 * 重办 round when the person is not satisfied, 无法联系 now and then, and the overdue mark when the
 * reply came after the due date. `earlier` complaints in the last 30 days give the repeats.
 */
export function generateComplaint(
  ctx: HistoryContext,
  input: { day: string; number: string; lastDay: string; earlier: ComplaintSeed[] },
): { doc: ComplaintRecord; rateable?: Rateable } {
  const { rng } = ctx;
  const filedAt = after(rng, new Date(0), input.day);
  const _id = new Types.ObjectId(rng.objectIdHex(filedAt));
  const recent = input.earlier.filter((e) => filedAt.getTime() - e.filedAt.getTime() < 30 * 86_400_000);
  const repeatOf = recent.length && rng.chance(0.08) ? rng.pick(recent) : undefined;
  const kind: ComplaintKind =
    repeatOf?.kind ?? (['complaint', 'suggestion', 'report'] as const)[rng.weighted([72, 20, 8])]!;
  const person = repeatOf ? ctx.people.find((p) => p.id === repeatOf.filerId)! : rng.pick(ctx.people);
  const item = ctx.items[drawCumulative(rng, ctx.itemWeights)]!;
  const subject: ComplaintSubjectRecord =
    repeatOf?.subject ??
    (rng.chance(0.8)
      ? {
          kind: 'item',
          label: item.name,
          code: item.code,
          itemCode: item.code,
          department: item.departmentCode,
        }
      : {
          kind: 'hall',
          label: ctx.halls.get(item.halls[0] ?? '')?.name ?? '市政务服务中心',
          code: item.halls[0] ?? 'HALL-SZ',
        });
  const lead = subject.department ?? item.departmentCode;
  const anonymous = kind === 'report' && rng.chance(0.4);
  const limitDays = COMPLAINT_DEFAULT_LIMIT_DAYS[kind];
  const filer = { role: 'citizen' as const, as: 'filer' };
  const deskStaff = ctx.staffOf('XFJ');
  const desk = { role: 'staff' as const, as: 'desk', userId: deskStaff.userId, name: deskStaff.name };
  const handlerStaff = ctx.staffOf(lead);
  const handler = {
    role: 'staff' as const,
    as: 'handler',
    userId: handlerStaff.userId,
    department: lead,
    name: handlerStaff.name,
  };
  const followStaff = ctx.staffOf('XFJ');
  const follow = {
    role: 'staff' as const,
    as: 'followup',
    userId: followStaff.userId,
    name: followStaff.name,
  };
  const timeline: ComplaintEventRecord[] = [{ at: filedAt, kind: 'filed', actor: filer }];
  if (repeatOf)
    timeline.push({
      at: filedAt,
      kind: 'repeat_linked',
      actor: { role: 'system', as: 'system' },
      note: `30 日内同一诉求人就同一部门或事项的再次投诉，关联 ${repeatOf.number}`,
    });
  let status: ComplaintStatus = 'submitted';
  let cursor = filedAt;
  let day = input.day;
  const set: Partial<ComplaintRecord> = {};
  const followups: FollowupAttemptRecord[] = [];
  let round = 0;
  let redoCount = 0;
  const advance = (n: number) => {
    const next = n === 0 ? day : addWorkingDays(day, n);
    if (next > input.lastDay) return false;
    cursor = after(rng, cursor, next);
    day = next;
    return true;
  };
  const event = (kind: ComplaintEventRecord['kind'], actor: ComplaintEventRecord['actor'], note?: string) =>
    timeline.push({ at: cursor, kind, actor, ...(note ? { note } : {}) });
  /** The overdue job's mark when the reply comes after the due date. */
  const markOverdue = () => {
    if (!set.dueDate || day <= set.dueDate || set.overdueFor === set.dueDate) return;
    set.overdueFor = set.dueDate;
    timeline.push({
      at: chinaDateTime(addCalendarDays(set.dueDate, 1), '00:00'),
      kind: 'overdue',
      actor: { role: 'system', as: 'system' },
      note: `已超过办理时限 ${set.dueDate}`,
    });
  };
  run: {
    if (!advance(rng.weighted([50, 45, 5]))) break run;
    if (rng.chance(0.05)) {
      status = 'rejected';
      set.rejection = { reason: 'out_of_scope', note: '不属于受理范围，请向主管部门反映' };
      set.closedAt = cursor;
      event('rejected', desk, '不属于受理范围');
      break run;
    }
    status = 'accepted';
    set.acceptedDate = day;
    set.clockStart = day;
    set.limitDays = limitDays;
    set.dueDate = addWorkingDays(day, limitDays);
    event('accepted', desk, `办理时限至 ${set.dueDate}`);
    if (!advance(rng.weighted([70, 30]))) break run;
    status = 'handling';
    set.leadDepartment = lead;
    event('dispatched', desk, `交办承办部门，办理时限至 ${set.dueDate}`);
    for (;;) {
      const late = rng.chance(0.07);
      if (!advance(late ? limitDays + rng.int(1, 5) : rng.int(2, Math.max(2, limitDays - 2)))) break run;
      markOverdue();
      status = 'replied';
      set.result = '已核实并整改';
      set.reply = '经核查情况属实，已对相关人员批评教育并整改，感谢您的监督。';
      set.repliedAt = cursor;
      event('replied', handler, set.reply);
      if (!advance(rng.weighted([30, 40, 30]))) break run;
      if (rng.chance(0.04)) {
        // 无法联系: three working days without reaching the person.
        for (let k = 0; k < 3; k++) {
          if (k > 0 && !advance(1)) break run;
          followups.push({
            at: cursor,
            date: day,
            method: 'phone',
            reached: false,
            round,
            by: followStaff.userId,
          });
          event('followup_attempt', follow, '电话未接通');
        }
        status = 'unreachable';
        set.closedAt = cursor;
        event('unreachable', follow, '三个工作日均未联系上，按无法联系办结');
        break run;
      }
      const verdict: FollowupVerdict = (['satisfied', 'basically_satisfied', 'unsatisfied'] as const)[
        rng.weighted(redoCount > 0 ? [60, 35, 5] : [62, 28, 10])
      ]!;
      followups.push({
        at: cursor,
        date: day,
        method: 'phone',
        reached: true,
        verdict,
        round,
        by: followStaff.userId,
      });
      set.verdict = verdict;
      event(
        'verdict',
        follow,
        verdict === 'satisfied' ? '满意' : verdict === 'basically_satisfied' ? '基本满意' : '不满意',
      );
      if (verdict !== 'unsatisfied') {
        status = 'closed';
        set.closedAt = cursor;
        event('closed', follow);
        break run;
      }
      if (redoCount >= 2) {
        status = 'escalated';
        set.escalated = true;
        event('escalated', follow, `已重办 ${redoCount} 次仍不满意，转督查`);
        break run;
      }
      // 重办: the department gets the kind's limit again from today.
      redoCount++;
      round++;
      status = 'handling';
      set.clockStart = day;
      set.dueDate = addWorkingDays(day, limitDays);
      delete set.overdueFor;
      event('redo', follow, `第 ${redoCount} 次重办，办理时限至 ${set.dueDate}`);
    }
  }
  const doc: ComplaintRecord = {
    _id,
    number: input.number,
    kind,
    status,
    version: timeline.length - 1,
    filerId: person.id,
    anonymous,
    ...(anonymous ? {} : { contact: { name: person.name, phoneMasked: person.phoneMasked } }),
    idemKey: `${person.id}|hist-${String(_id)}`,
    subject,
    description: rng.pick(DESCRIPTIONS),
    attachments: [],
    filedAt,
    filedDate: input.day,
    coDepartments: [],
    returns: [],
    followups,
    redoCount,
    round,
    escalated: set.escalated ?? false,
    supervisions: [],
    ...(repeatOf ? { repeatOf: repeatOf._id, repeatOfNumber: repeatOf.number } : {}),
    timeline,
    createdAt: filedAt,
    updatedAt: timeline.reduce((m, e) => (e.at > m ? e.at : m), filedAt),
    ...set,
  };
  const rateable: Rateable | undefined =
    (status === 'closed' || status === 'unreachable') && kind !== 'report' && set.closedAt
      ? {
          kind: 'complaint',
          serviceId: String(_id),
          personId: person.id,
          title: `${COMPLAINT_KIND_LABELS[kind]}：${subject.safeLabel ?? subject.label}（${input.number}）`,
          endedAt: set.closedAt,
          served: {
            ...(subject.itemCode ? { itemCode: subject.itemCode } : {}),
            department: lead,
            ...(subject.kind === 'hall' && subject.code ? { hallCode: subject.code } : {}),
            staffId: handlerStaff.userId,
            staffName: handlerStaff.name,
          },
        }
      : undefined;
  return { doc, ...(rateable ? { rateable } : {}) };
}
