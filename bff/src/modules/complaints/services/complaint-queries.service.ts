import {
  COMPLAINT_FINAL_STATUSES,
  COMPLAINT_STATUSES,
  type ComplaintListResponse,
  type ComplaintStats,
  type ComplaintStatus,
  type StaffComplaintsQuery,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Ownership, Principal } from '../../auth/access/principal';
import { addWorkingDays, todayInChina } from '../../calendar';
import type { ComplaintRecord } from '../models/complaint.model';
import type { ComplaintFilter, ComplaintRepository } from '../repositories/complaint.repository';
import { isDesk, isFollowup, isSupervisor } from './complaint-roles';

/** Who reaches a complaint (the access guard) and the workbench queues. */
export interface QueryDeps {
  repo: ComplaintRepository;
  now: () => Date;
  list: (items: ComplaintRecord[]) => Promise<ComplaintListResponse['items']>;
}

const CLOCK: ComplaintStatus[] = ['accepted', 'handling'];

export function createQueryService(deps: QueryDeps) {
  function queueFilter(p: Principal, duty: StaffComplaintsQuery['duty']): ComplaintFilter {
    const reachAll = isSupervisor(p) || p.role === 'admin';
    const need = (ok: boolean) => {
      if (!ok) throw new AppError('COMPLAINT_DUTY_REQUIRED');
    };
    switch (duty) {
      case 'dispatch':
        need(isDesk(p) || reachAll);
        return { deskQueue: true };
      case 'handling':
        if (reachAll) return { statuses: ['handling'] };
        need(!!p.department);
        return { department: p.department!, statuses: ['handling', 'escalated', 'replied'] };
      case 'followup':
        need(isFollowup(p) || reachAll);
        return { statuses: ['replied'] };
      case 'supervision':
        need(reachAll);
        return { escalatedOrSupervised: true };
      default:
        if (reachAll || isDesk(p) || isFollowup(p)) return {};
        need(!!p.department);
        return { department: p.department! };
    }
  }

  return {
    async ownership(id: string): Promise<Ownership | undefined> {
      const c = await deps.repo.ownershipById(id);
      if (!c) return undefined;
      return {
        userId: c.filerId,
        ...(c.enterpriseId ? { enterpriseId: c.enterpriseId } : {}),
        ...(c.leadDepartment ? { department: c.leadDepartment } : {}),
        departments: (c.coDepartments ?? []).map((d) => d.department),
        duties: ['complaint_dispatch', 'complaint_followup'],
      };
    },

    async staffQueue(p: Principal, q: StaffComplaintsQuery): Promise<ComplaintListResponse> {
      const filter = queueFilter(p, q.duty);
      const today = todayInChina(deps.now());
      if (q.status)
        filter.statuses = filter.statuses?.includes(q.status) || !filter.statuses ? [q.status] : [];
      if (q.due === 'overdue') {
        filter.overdueBefore = today;
        filter.statuses = (filter.statuses ?? CLOCK).filter((s) => CLOCK.includes(s));
      }
      if (q.due === 'soon') {
        filter.dueBetween = { from: today, to: addWorkingDays(today, 2) };
        filter.statuses = (filter.statuses ?? CLOCK).filter((s) => CLOCK.includes(s));
      }
      const sort: Record<string, 1 | -1> =
        q.duty === 'dispatch' ? { filedAt: 1 } : { dueDate: 1, filedAt: 1 };
      const { items, total } = await deps.repo.list(filter, q.page, q.pageSize, sort);
      return { items: await deps.list(items), total, page: q.page, pageSize: q.pageSize };
    },

    async stats(): Promise<ComplaintStats> {
      const today = todayInChina(deps.now());
      const { byStatus, repeat, overdue } = await deps.repo.stats(today);
      const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
      const open = COMPLAINT_STATUSES.filter(
        (s) => !(COMPLAINT_FINAL_STATUSES as readonly string[]).includes(s),
      ).reduce((a, s) => a + (byStatus[s] ?? 0), 0);
      return {
        total,
        open,
        overdue,
        repeat,
        repeatRate: total ? Math.round((repeat / total) * 1000) / 1000 : 0,
        byStatus,
      };
    },
  };
}
export type QueryService = ReturnType<typeof createQueryService>;
