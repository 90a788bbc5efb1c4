import {
  COMPLAINT_DEFAULT_LIMIT_DAYS,
  COMPLAINT_REJECT_REASON_LABELS,
  type ComplaintRejectReason,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { addWorkingDays, isWorkingDay, todayInChina } from '../../calendar';
import type { ComplaintRecord } from '../models/complaint.model';
import { cancelDeadlines, notice, scheduleDeadlines } from './complaint-deadlines';
import { isDesk, isLeadHandler } from './complaint-roles';
import { actorOf, conflict, type Stepper } from './complaint-step';

/**
 * 派单 (the desk) and the department's side of the loop: 受理 / 不予受理, 交办 (lead + co-departments,
 * due date), 退单 (back to the desk, the clock keeps running), 协办意见, 延期 (asked by the department,
 * decided by the desk, once), 办理结果 and 答复.
 */
export interface DeskDeps {
  steps: Stepper;
  now: () => Date;
  load: (id: string) => Promise<ComplaintRecord>;
  departmentName: (code: string) => string;
  /** An earlier complaint of the person about this department within 30 days (repeat detection). */
  earlierAbout: (
    c: ComplaintRecord,
    department: string,
  ) => Promise<{ _id: ComplaintRecord['_id']; number: string } | undefined>;
}

const v = (version: number) => version;

export function createDeskService(deps: DeskDeps) {
  const { steps } = deps;
  const requireDesk = (p: Principal) => {
    if (!isDesk(p)) throw new AppError('COMPLAINT_DUTY_REQUIRED', '只有投诉派单岗位可以进行此操作');
  };
  const requireLead = (p: Principal, c: ComplaintRecord) => {
    if (!p.duties.includes('complaint_handling'))
      throw new AppError('COMPLAINT_DUTY_REQUIRED', '只有投诉承办岗位可以进行此操作');
    if (!isLeadHandler(p, c)) throw new AppError('COMPLAINT_NOT_YOUR_DEPARTMENT');
  };

  return {
    async accept(p: Principal, id: string, body: { version: number; note?: string }) {
      const c = await deps.load(id);
      requireDesk(p);
      const now = deps.now();
      const today = todayInChina(now);
      const limitDays = COMPLAINT_DEFAULT_LIMIT_DAYS[c.kind];
      const dueDate = addWorkingDays(today, limitDays);
      return steps.move(c, v(body.version), 'accept', actorOf(p, 'desk'), now, {
        set: { acceptedDate: today, clockStart: today, limitDays, dueDate },
        events: [{ kind: 'accepted', note: body.note || `办理时限 ${limitDays} 个工作日，至 ${dueDate}` }],
        outbox: [...scheduleDeadlines(id, c.round, today, dueDate), notice(id, 'accepted')],
      });
    },

    async reject(
      p: Principal,
      id: string,
      body: { version: number; reason: ComplaintRejectReason; note: string },
    ) {
      const c = await deps.load(id);
      requireDesk(p);
      const now = deps.now();
      return steps.move(c, v(body.version), 'reject', actorOf(p, 'desk'), now, {
        set: { rejection: { reason: body.reason, note: body.note }, closedAt: now },
        events: [{ kind: 'rejected', note: `${COMPLAINT_REJECT_REASON_LABELS[body.reason]}：${body.note}` }],
        outbox: [notice(id, 'rejected')],
      });
    },

    async dispatch(
      p: Principal,
      id: string,
      body: {
        version: number;
        leadDepartment: string;
        coDepartments: string[];
        dueDate?: string;
        note?: string;
      },
    ) {
      const c = await deps.load(id);
      requireDesk(p);
      const now = deps.now();
      const firstDispatch = c.returns.length === 0;
      let dueDate = c.dueDate!;
      const outbox = [];
      if (body.dueDate && body.dueDate !== c.dueDate) {
        // After a 退单 the clock keeps running: the due date set at the first 交办 stays.
        if (!firstDispatch)
          throw new AppError('COMPLAINT_DUE_DATE_INVALID', '退单后重新交办，办理时限继续计算，不能更改');
        if (!c.clockStart || body.dueDate <= c.clockStart || !isWorkingDay(body.dueDate))
          throw new AppError('COMPLAINT_DUE_DATE_INVALID');
        dueDate = body.dueDate;
        outbox.push(
          ...cancelDeadlines(id, c.round, c.dueDate),
          ...scheduleDeadlines(id, c.round, c.clockStart, dueDate),
        );
      }
      const co = [...new Set(body.coDepartments)];
      const earlier = c.repeatOf ? undefined : await deps.earlierAbout(c, body.leadDepartment);
      const names = [body.leadDepartment, ...co].map(deps.departmentName);
      return steps.move(c, v(body.version), 'dispatch', actorOf(p, 'desk'), now, {
        set: {
          leadDepartment: body.leadDepartment,
          coDepartments: co.map((department) => ({ department })),
          dueDate,
          ...(earlier ? { repeatOf: earlier._id, repeatOfNumber: earlier.number } : {}),
        },
        events: [
          {
            kind: 'dispatched',
            note:
              `交办 ${names[0]}${co.length ? `，协办：${names.slice(1).join('、')}` : ''}；办理时限至 ${dueDate}` +
              (body.note ? `。${body.note}` : ''),
          },
          ...(earlier
            ? [
                {
                  kind: 'repeat_linked' as const,
                  note: `30 日内就同一部门的再次投诉，关联 ${earlier.number}`,
                },
              ]
            : []),
        ],
        outbox,
      });
    },

    async returnToDesk(p: Principal, id: string, body: { version: number; reason: string }) {
      const c = await deps.load(id);
      requireLead(p, c);
      const now = deps.now();
      // One write: the status, the record of who sent it back and why; the due date stays (the clock runs on).
      return steps.move(c, v(body.version), 'return', actorOf(p, 'handler'), now, {
        set: {
          coDepartments: [],
          returns: [...c.returns, { department: c.leadDepartment!, reason: body.reason, at: now }],
        },
        unset: ['leadDepartment', ...(c.extension?.status === 'requested' ? ['extension'] : [])],
        events: [{ kind: 'returned', note: body.reason }],
      });
    },

    async coPart(p: Principal, id: string, body: { version: number; part: string }) {
      const c = await deps.load(id);
      const mine = c.coDepartments.find((d) => d.department === p.department);
      if (!p.duties.includes('complaint_handling'))
        throw new AppError('COMPLAINT_DUTY_REQUIRED', '只有投诉承办岗位可以进行此操作');
      if (!mine) throw new AppError('COMPLAINT_NOT_YOUR_DEPARTMENT', '您的部门不是该件的协办部门');
      if (mine.part) throw conflict(c, '重复提交协办意见');
      const now = deps.now();
      return steps.touch(c, v(body.version), ['handling'], actorOf(p, 'co_handler'), now, {
        set: {
          coDepartments: c.coDepartments.map((d) => (d === mine ? { ...d, part: body.part, at: now } : d)),
        },
        events: [{ kind: 'co_part', note: body.part }],
      });
    },

    async requestExtension(
      p: Principal,
      id: string,
      body: { version: number; days: number; reason: string },
    ) {
      const c = await deps.load(id);
      requireLead(p, c);
      if (c.extension?.status === 'approved') throw new AppError('COMPLAINT_EXTENSION_USED');
      if (c.extension?.status === 'requested') throw conflict(c, '重复申请延期');
      return steps.touch(c, v(body.version), ['handling'], actorOf(p, 'handler'), deps.now(), {
        set: {
          extension: { days: body.days, reason: body.reason, status: 'requested', department: p.department },
        },
        events: [{ kind: 'extension_requested', note: `申请延期 ${body.days} 个工作日：${body.reason}` }],
      });
    },

    async decideExtension(
      p: Principal,
      id: string,
      body: { version: number; approve: boolean; note?: string },
    ) {
      const c = await deps.load(id);
      requireDesk(p);
      if (c.extension?.status !== 'requested') throw new AppError('COMPLAINT_EXTENSION_NOT_PENDING');
      const now = deps.now();
      if (!body.approve)
        return steps.touch(c, v(body.version), ['handling'], actorOf(p, 'desk'), now, {
          set: {
            extension: { ...c.extension, status: 'refused', ...(body.note ? { note: body.note } : {}) },
          },
          events: [{ kind: 'extension_refused', ...(body.note ? { note: body.note } : {}) }],
        });
      const dueDate = addWorkingDays(c.dueDate!, c.extension.days);
      return steps.touch(c, v(body.version), ['handling'], actorOf(p, 'desk'), now, {
        set: {
          extension: { ...c.extension, status: 'approved', ...(body.note ? { note: body.note } : {}) },
          dueDate,
        },
        unset: ['warnedFor', 'overdueFor'],
        events: [
          { kind: 'extension_approved', note: `延期 ${c.extension.days} 个工作日，办理时限至 ${dueDate}` },
        ],
        outbox: [
          ...cancelDeadlines(id, c.round, c.dueDate),
          ...scheduleDeadlines(id, c.round, c.clockStart!, dueDate),
        ],
      });
    },

    async reply(p: Principal, id: string, body: { version: number; result: string; reply: string }) {
      const c = await deps.load(id);
      requireLead(p, c);
      if (c.status === 'handling' && c.coDepartments.some((d) => !d.part))
        throw new AppError('COMPLAINT_CO_PARTS_OPEN');
      const now = deps.now();
      const final = c.anonymous;
      return steps.move(c, v(body.version), final ? 'reply_final' : 'reply', actorOf(p, 'handler'), now, {
        set: { result: body.result, reply: body.reply, repliedAt: now, ...(final ? { closedAt: now } : {}) },
        unset: ['feedback'],
        events: [
          { kind: 'replied', note: body.reply },
          ...(final ? [{ kind: 'closed' as const, note: '匿名举报，无法回访，答复后办结' }] : []),
        ],
        outbox: [...cancelDeadlines(id, c.round, c.dueDate), notice(id, final ? 'closed' : 'replied')],
      });
    },

    async answerSupervision(
      p: Principal,
      id: string,
      supervisionId: string,
      body: { version: number; answer: string },
    ) {
      const c = await deps.load(id);
      requireLead(p, c);
      const s = c.supervisions.find((x) => String(x._id) === supervisionId && !x.answeredAt);
      if (!s) throw new AppError('COMPLAINT_SUPERVISION_NOT_FOUND');
      const now = deps.now();
      return steps.touch(c, v(body.version), [c.status], actorOf(p, 'handler'), now, {
        set: {
          supervisions: c.supervisions.map((x) =>
            x === s ? { ...x, answer: body.answer, answeredAt: now } : x,
          ),
        },
        events: [{ kind: 'supervision_answered', note: body.answer }],
      });
    },
  };
}
export type DeskService = ReturnType<typeof createDeskService>;
