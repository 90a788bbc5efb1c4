import { COMPLAINT_KIND_LABELS, type ComplaintStatus } from '@app/shared';
import type { Principal } from '../../../auth/access/principal';
import type { ComplaintRecord } from '../../../complaints/models/complaint.model';
import type { ComplaintRepository } from '../../../complaints/repositories/complaint.repository';
import type { RateableService, RatedService } from '../rateable';

/** 办结: closed after 回访 (or by the supervisors / an anonymous 举报's reply), or 办结（无法联系）. */
const OVER: readonly ComplaintStatus[] = ['closed', 'unreachable'];

/**
 * The `complaint` kind over the complaints module's repository. 举报 are left out (not found): a bad
 * rating's 回访 would hand the whistleblower to the handling department (举报人信息保密).
 */
export function complaintAdapter(repo: ComplaintRepository): RateableService {
  // Theirs as the module says (complaint-roles `isFiler`): the filer, or the enterprise's members.
  const isTheirs = (p: Principal, c: ComplaintRecord) =>
    c.filerId === p.userId || (!!c.enterpriseId && p.enterprises.includes(c.enterpriseId));

  function toService(c: ComplaintRecord): RatedService {
    const replied = [...(c.timeline ?? [])].reverse().find((e) => e.kind === 'replied');
    const staff = replied?.actor.role === 'staff' ? replied.actor : undefined;
    const itemCode = c.subject.itemCode ?? (c.subject.kind === 'item' ? c.subject.code : undefined);
    const hallCode = c.subject.kind === 'hall' ? c.subject.code : undefined;
    return {
      kind: 'complaint',
      id: String(c._id),
      personId: c.filerId,
      title: `${COMPLAINT_KIND_LABELS[c.kind]}：${c.subject.safeLabel ?? c.subject.label}（${c.number}）`,
      ...(OVER.includes(c.status) ? { endedAt: c.closedAt ?? c.updatedAt } : {}),
      served: {
        ...(itemCode ? { itemCode } : {}),
        department: c.leadDepartment ?? staff?.department ?? 'unknown',
        ...(hallCode ? { hallCode } : {}),
        ...(staff?.userId ? { staffId: staff.userId } : {}),
        ...(staff?.name ? { staffName: staff.name } : {}),
      },
    };
  }

  return {
    kind: 'complaint',
    async findForPerson(p, id) {
      const c = await repo.findById(id);
      return c && c.kind !== 'report' && isTheirs(p, c) ? toService(c) : undefined;
    },
    async endedSince(p, since, limit) {
      // Closed since `since` means filed before; the person's list (filer / enterprise index) is short.
      const { items } = await repo.list(
        {
          statuses: [...OVER],
          filerOrEnterprises: { filerId: p.userId, enterpriseIds: p.enterprises },
        },
        1,
        200,
        { filedAt: -1 },
      );
      return items
        .filter((c) => c.kind !== 'report' && c.closedAt && c.closedAt >= since)
        .sort((a, b) => b.closedAt!.getTime() - a.closedAt!.getTime())
        .slice(0, limit)
        .map(toService);
    },
    async rated(service, at) {
      await repo.markRated(service.id, at);
    },
  };
}
