import type { StaffConsultationsQuery } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Principal } from '../../auth/access/principal';
import { cancel, sendNow } from '../../notifications';
import type { ConsultationActorRecord, ConsultationRecord } from '../models/consultation.model';
import {
  CONSULTATION_QUEUE,
  requireRecord,
  today,
  transition,
  type ConsultationContext,
} from './consultation-context';

/**
 * Staff's side: the queue (their department's; the 综合咨询 desk also those without one; supervisors
 * all), claim, answer, transfer, ask for information (the clock stops), close as duplicate. Every
 * action is one transition of the table (409 on a race); the routes write the audit entries.
 */
export function createStaffService(ctx: ConsultationContext) {
  async function actor(p: Principal): Promise<ConsultationActorRecord> {
    const name = await ctx.people.name(p.userId);
    return {
      userId: p.userId,
      role: p.role,
      ...(p.department ? { department: p.department } : {}),
      ...(name ? { name } : {}),
    };
  }
  const load = async (id: string) => requireRecord(await ctx.repo.findById(id));
  const withdrawDeadline = (c: ConsultationRecord) =>
    c.overdueJobId ? [cancel(CONSULTATION_QUEUE, c.overdueJobId)] : [];

  return {
    async queue(p: Principal, query: StaffConsultationsQuery) {
      const filter: Record<string, unknown> = {};
      if (p.role === 'staff') {
        const scopes: Record<string, unknown>[] = [];
        if (p.department) scopes.push({ department: p.department });
        if (p.duties.includes('consultation_desk')) scopes.push({ department: { $exists: false } });
        if (scopes.length === 0) return { items: [], total: 0 };
        filter.$or = scopes;
      }
      if (query.status) filter.status = query.status;
      else filter.status = { $in: ['submitted', 'claimed', 'info_requested', 'transferred', 'follow_up'] };
      if (query.item) filter.itemCode = query.item;
      if (query.overdue !== undefined) {
        const now = ctx.now();
        filter.$and = [
          query.overdue
            ? { $or: [{ overdue: true }, { dueAt: { $lte: now } }] }
            : { overdue: { $ne: true }, $or: [{ dueAt: { $gt: now } }, { dueAt: { $exists: false } }] },
        ];
      }
      return ctx.repo.list(filter, {
        sort: { dueAt: 1, askedAt: 1 },
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
    },

    async claim(p: Principal, id: string, version?: number) {
      const c = await load(id);
      const who = await actor(p);
      return transition(
        ctx,
        p,
        c,
        'claim',
        () => ({
          update: {
            $set: { claimedBy: p.userId },
            $push: { events: { at: ctx.now(), kind: 'claimed', actor: who, round: c.round } },
          },
        }),
        { ...(version !== undefined ? { version } : {}) },
      );
    },

    /** The answer: recorded with who and when (ratings rate it later); the person is told by subscribe message. */
    async answer(p: Principal, id: string, body: { text: string; links: string[]; version?: number }) {
      const c = await load(id);
      const links = [...new Set(body.links)];
      for (const code of links)
        if (!(await ctx.items.findPublished(code)))
          throw new AppError('CONSULTATION_ITEM_NOT_FOUND', undefined, {
            fields: [{ path: 'body.links', message: `事项 ${code} 不存在或未公布` }],
          });
      const who = await actor(p);
      const at = ctx.now();
      const done = await transition(
        ctx,
        p,
        c,
        'answer',
        () => ({
          update: {
            $set: {
              answeredBy: p.userId,
              answeredAt: at,
              ...(c.firstAnsweredAt ? {} : { firstAnsweredAt: at }),
              overdue: false,
            },
            $unset: { dueDate: '', dueAt: '', overdueJobId: '' },
            $push: {
              events: {
                at,
                kind: 'answered',
                actor: who,
                text: body.text,
                ...(links.length ? { links } : {}),
                round: c.round,
              },
            },
          },
          outbox: [
            ...withdrawDeadline(c),
            sendNow(CONSULTATION_QUEUE, 'answered', { consultationId: id, round: c.round }),
          ],
        }),
        { ...(body.version !== undefined ? { version: body.version } : {}) },
      );
      ctx.hooks?.answered?.(done.after);
      return done;
    },

    /** To another department with a reason: the clock keeps running; a thread event. */
    async transfer(p: Principal, id: string, body: { department: string; reason: string; version?: number }) {
      const c = await load(id);
      if (body.department === c.department) throw new AppError('CONSULTATION_SAME_DEPARTMENT');
      if (!(await ctx.departments.exists(body.department)))
        throw new AppError('CONSULTATION_DEPARTMENT_NOT_FOUND', undefined, {
          fields: [{ path: 'body.department', message: '所选部门不存在' }],
        });
      const who = await actor(p);
      return transition(
        ctx,
        p,
        c,
        'transfer',
        () => ({
          update: {
            $set: {
              department: body.department,
              departments: [...new Set([...c.departments, body.department])],
            },
            $unset: { claimedBy: '' },
            $push: {
              events: {
                at: ctx.now(),
                kind: 'transferred',
                actor: who,
                text: body.reason,
                ...(c.department ? { fromDepartment: c.department } : {}),
                toDepartment: body.department,
                round: c.round,
              },
            },
          },
        }),
        { ...(body.version !== undefined ? { version: body.version } : {}) },
      );
    },

    /** Asks the person for more: the clock stops from today until they reply; the overdue job is withdrawn. */
    async requestInfo(p: Principal, id: string, body: { text: string; version?: number }) {
      const c = await load(id);
      const who = await actor(p);
      return transition(
        ctx,
        p,
        c,
        'request_info',
        () => ({
          update: {
            $set: { 'clock.openPauseFrom': today(ctx) },
            $unset: { dueDate: '', dueAt: '', overdueJobId: '' },
            $push: {
              events: { at: ctx.now(), kind: 'info_requested', actor: who, text: body.text, round: c.round },
            },
          },
          outbox: [
            ...withdrawDeadline(c),
            sendNow(CONSULTATION_QUEUE, 'info_requested', { consultationId: id, round: c.round }),
          ],
        }),
        { ...(body.version !== undefined ? { version: body.version } : {}) },
      );
    },

    async closeDuplicate(p: Principal, id: string, body: { duplicateOf: string; version?: number }) {
      const c = await load(id);
      const target = await ctx.repo.findByNumber(body.duplicateOf);
      if (!target || target._id.equals(c._id)) throw new AppError('CONSULTATION_DUPLICATE_TARGET');
      const who = await actor(p);
      return transition(
        ctx,
        p,
        c,
        'close_duplicate',
        () => ({
          update: {
            $set: { duplicateOf: body.duplicateOf },
            $unset: { dueDate: '', dueAt: '', overdueJobId: '' },
            $push: {
              events: {
                at: ctx.now(),
                kind: 'closed_duplicate',
                actor: who,
                duplicateOf: body.duplicateOf,
                round: c.round,
              },
            },
          },
          outbox: withdrawDeadline(c),
        }),
        { ...(body.version !== undefined ? { version: body.version } : {}) },
      );
    },

    /**
     * The overdue job's work: marks the current round overdue when it is still waiting for staff and
     * its due instant (the job's) is still the one stored. Idempotent (a second run matches nothing).
     */
    async markOverdue(id: string, dueAtMs: number): Promise<boolean> {
      const c = await ctx.repo.findById(id);
      if (!c || !c.dueAt || c.dueAt.getTime() !== dueAtMs || c.overdue) return false;
      if (ctx.now().getTime() < dueAtMs) return false;
      const after = await ctx.repo.applyIf(
        c._id,
        {
          status: ['submitted', 'claimed', 'transferred', 'follow_up'],
          extra: { dueAt: c.dueAt, overdue: false },
        },
        {
          $set: { overdue: true },
          $push: { events: { at: ctx.now(), kind: 'overdue', actor: { role: 'system' }, round: c.round } },
        },
      );
      return after !== null;
    },

    async setLimitDays(department: string, limitDays: number) {
      await ctx.repo.setLimitDays(department, limitDays);
      return { department, limitDays };
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
