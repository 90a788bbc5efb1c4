import { Types } from 'mongoose';
import {
  COMPLAINT_FINAL_STATUSES,
  COMPLAINT_MAX_FAILED_ATTEMPTS,
  COMPLAINT_MAX_REDOS,
  COMPLAINT_STATUSES,
  FOLLOWUP_METHOD_LABELS,
  FOLLOWUP_VERDICT_LABELS,
  type ComplaintContact,
  type FollowupAttemptRequest,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { addWorkingDays, isWorkingDay, todayInChina } from '../../calendar';
import type { ComplaintRecord } from '../models/complaint.model';
import { notice, scheduleDeadlines } from './complaint-deadlines';
import { isFiler, isFollowup, isSupervisor, mayReveal } from './complaint-roles';
import { actorOf, conflict, type Stepper } from './complaint-step';

/**
 * 回访 (follow-up staff), the person's own word after 答复, and 督办 (supervisors): attempts (three
 * failures on different working days → 无法联系), the verdict (不满意 → 重办, at most twice, then the
 * supervisors), 督办 notes and the supervisors' decision on an escalated complaint, and the audited reveal
 * of the person's contact.
 */
export interface FollowupDeps {
  steps: Stepper;
  now: () => Date;
  load: (id: string) => Promise<ComplaintRecord>;
  decryptPhone: (enc: string) => string;
}

const OPEN_STATUSES = COMPLAINT_STATUSES.filter(
  (s) => !(COMPLAINT_FINAL_STATUSES as readonly string[]).includes(s) && s !== 'submitted',
);

/** 重办: the department gets the kind's limit again from today, a new round with its own deadline jobs. */
function redoStep(c: ComplaintRecord, today: string) {
  const limit = c.limitDays ?? 15;
  const dueDate = addWorkingDays(today, limit);
  const round = c.round + 1;
  return {
    set: { clockStart: today, dueDate, round },
    unset: ['warnedFor', 'overdueFor'],
    outbox: scheduleDeadlines(String(c._id), round, today, dueDate),
    dueDate,
  };
}

export function createFollowupService(deps: FollowupDeps) {
  const { steps } = deps;
  const requireFollowup = (p: Principal) => {
    if (!isFollowup(p)) throw new AppError('COMPLAINT_DUTY_REQUIRED', '只有投诉回访岗位可以进行此操作');
  };
  const requireSupervisor = (p: Principal) => {
    if (!isSupervisor(p)) throw new AppError('COMPLAINT_DUTY_REQUIRED', '只有督查人员可以进行此操作');
  };

  return {
    async attempt(p: Principal, id: string, body: FollowupAttemptRequest) {
      const c = await deps.load(id);
      requireFollowup(p);
      if (c.status !== 'replied') throw conflict(c, '回访');
      const now = deps.now();
      const today = todayInChina(now);
      const actor = actorOf(p, 'followup');
      const record = {
        at: now,
        date: today,
        method: body.method,
        reached: body.reached,
        ...(body.reached ? { verdict: body.verdict } : {}),
        ...(body.note ? { note: body.note } : {}),
        round: c.round,
        by: p.userId,
      };
      const attemptEvent = {
        kind: 'followup_attempt' as const,
        note: `${FOLLOWUP_METHOD_LABELS[body.method]}回访，${body.reached ? '已联系上' : '未联系上'}`,
      };
      const followups = [...c.followups, record];
      if (!body.reached) {
        const failed = c.followups.filter((f) => f.round === c.round && !f.reached);
        if (failed.some((f) => f.date === today)) throw new AppError('COMPLAINT_ATTEMPT_SAME_DAY');
        const days = new Set([...failed.map((f) => f.date), today].filter((d) => isWorkingDay(d)));
        if (days.size < COMPLAINT_MAX_FAILED_ATTEMPTS)
          return steps.touch(c, body.version, ['replied'], actor, now, {
            set: { followups },
            events: [attemptEvent],
          });
        return steps.move(c, body.version, 'unreachable', actor, now, {
          set: { followups, closedAt: now },
          events: [
            attemptEvent,
            {
              kind: 'unreachable',
              note: `${[...days].sort().join('、')} 三个工作日均未联系上，按无法联系办结`,
            },
          ],
          outbox: [notice(id, 'closed')],
        });
      }
      const verdictEvent = { kind: 'verdict' as const, note: FOLLOWUP_VERDICT_LABELS[body.verdict] };
      if (body.verdict !== 'unsatisfied')
        return steps.move(c, body.version, 'satisfied', actor, now, {
          set: { followups, verdict: body.verdict, closedAt: now },
          events: [attemptEvent, verdictEvent, { kind: 'closed' }],
          outbox: [notice(id, 'closed')],
        });
      if (c.redoCount < COMPLAINT_MAX_REDOS) {
        const redo = redoStep(c, today);
        return steps.move(c, body.version, 'redo', actor, now, {
          set: { followups, verdict: body.verdict, ...redo.set },
          unset: redo.unset,
          inc: { redoCount: 1 },
          events: [
            attemptEvent,
            verdictEvent,
            { kind: 'redo', note: `第 ${c.redoCount + 1} 次重办，办理时限至 ${redo.dueDate}` },
          ],
          outbox: redo.outbox,
        });
      }
      return steps.move(c, body.version, 'escalate', actor, now, {
        set: { followups, verdict: body.verdict, escalated: true },
        events: [
          attemptEvent,
          verdictEvent,
          { kind: 'escalated', note: `已重办 ${c.redoCount} 次仍不满意，转督查` },
        ],
      });
    },

    async escalation(
      p: Principal,
      id: string,
      body: { version: number; decision: 'redo' | 'close'; note: string },
    ) {
      const c = await deps.load(id);
      requireSupervisor(p);
      const now = deps.now();
      const actor = actorOf(p, 'supervisor');
      if (body.decision === 'close')
        return steps.move(c, body.version, 'supervisor_close', actor, now, {
          set: { closedAt: now },
          events: [{ kind: 'closed', note: body.note }],
          outbox: [notice(id, 'closed')],
        });
      const redo = redoStep(c, todayInChina(now));
      return steps.move(c, body.version, 'supervisor_redo', actor, now, {
        set: redo.set,
        unset: redo.unset,
        events: [{ kind: 'redo', note: `督查要求重办：${body.note}；办理时限至 ${redo.dueDate}` }],
        outbox: redo.outbox,
      });
    },

    async supervise(p: Principal, id: string, body: { version: number; note: string }) {
      const c = await deps.load(id);
      requireSupervisor(p);
      const now = deps.now();
      return steps.touch(c, body.version, OPEN_STATUSES, actorOf(p, 'supervisor'), now, {
        set: {
          supervisions: [
            ...c.supervisions,
            { _id: new Types.ObjectId(), note: body.note, at: now, by: p.userId },
          ],
        },
        events: [{ kind: 'supervised', note: body.note }],
      });
    },

    async feedback(p: Principal, id: string, body: { solved: boolean; note?: string }) {
      const c = await deps.load(id);
      if (!isFiler(p, c)) throw new AppError('NOT_FOUND');
      if (!c.repliedAt || c.feedback) throw new AppError('COMPLAINT_FEEDBACK_CLOSED');
      const now = deps.now();
      return steps.touch(c, c.version, [c.status], actorOf(p, 'filer'), now, {
        set: { feedback: { solved: body.solved, ...(body.note ? { note: body.note } : {}), at: now } },
        events: [
          {
            kind: 'feedback',
            note: body.solved ? '问题已解决' : `问题未解决${body.note ? `：${body.note}` : ''}`,
          },
        ],
      });
    },

    /** The person's contact in full, for the desk and supervisors (all) and follow-up (投诉 / 建议). */
    async reveal(
      p: Principal,
      id: string,
      reason: string,
    ): Promise<{ contact: ComplaintContact; complaint: ComplaintRecord }> {
      const c = await deps.load(id);
      if (!mayReveal(p, c)) throw new AppError('COMPLAINT_DUTY_REQUIRED', '您的岗位不能查看联系人信息');
      if (c.anonymous || !c.contact) throw new AppError('COMPLAINT_NO_CONTACT');
      const after = await steps.touch(
        c,
        undefined,
        [c.status],
        actorOf(p, isSupervisor(p) ? 'supervisor' : isFollowup(p) ? 'followup' : 'desk'),
        deps.now(),
        {
          events: [{ kind: 'contact_revealed', note: reason }],
        },
      );
      return {
        complaint: after.after,
        contact: {
          name: c.contact.name,
          ...(c.contact.phoneEnc ? { phone: deps.decryptPhone(c.contact.phoneEnc) } : {}),
          ...(c.contact.enterpriseName ? { enterprise: c.contact.enterpriseName } : {}),
        },
      };
    },
  };
}
export type FollowupService = ReturnType<typeof createFollowupService>;
