import type { CaseStatus } from '@app/shared';
import type { Principal } from '../../../auth/access/principal';
import type { CaseRecord } from '../../../cases/models/case.model';
import type { CaseRepository } from '../../../cases/repositories/case.repository';
import type { RateableService, RatedService } from '../rateable';

/** 办结 and 已出件: a case is over (rateable) from the moment it was completed. */
const OVER: readonly CaseStatus[] = ['completed', 'delivered'];

/** The `case` kind over the cases module's repository. */
export function caseAdapter(repo: CaseRepository): RateableService {
  const isTheirs = (p: Principal, c: CaseRecord) =>
    c.applicantId === p.userId || (c.enterpriseId !== undefined && p.enterprises.includes(c.enterpriseId));

  function toService(c: CaseRecord): RatedService {
    const completed = [...(c.timeline ?? [])].reverse().find((e) => e.kind === 'complete');
    const accepted = [...(c.timeline ?? [])].reverse().find((e) => e.kind === 'accept');
    // Who did the work: who completed it (else who accepted it).
    const actor = completed?.actor ?? accepted?.actor;
    const tripHall = [...(c.trips ?? [])].reverse().find((t) => t.hallCode)?.hallCode;
    const hallCode = tripHall ?? c.halls?.[0];
    const over = OVER.includes(c.status);
    return {
      kind: 'case',
      id: String(c._id),
      personId: c.applicantId,
      title: `${c.itemName}（${c.number}）`,
      ...(over ? { endedAt: completed?.at ?? c.updatedAt } : {}),
      served: {
        itemCode: c.itemCode,
        itemName: c.itemName,
        department: c.department,
        ...(hallCode ? { hallCode } : {}),
        ...(actor?.userId && actor.role === 'staff' ? { staffId: actor.userId } : {}),
        ...(actor?.name && actor.role === 'staff' ? { staffName: actor.name } : {}),
      },
    };
  }

  return {
    kind: 'case',
    async findForPerson(p, id) {
      const c = await repo.findById(id);
      return c && isTheirs(p, c) ? toService(c) : undefined;
    },
    async endedSince(p, since, limit) {
      const owners = [{ applicantId: p.userId }, ...p.enterprises.map((enterpriseId) => ({ enterpriseId }))];
      // A case completed since `since` was last updated since then too (cheap prefilter on the list index).
      const { items } = await repo.list(
        { $or: owners, status: { $in: OVER }, updatedAt: { $gte: since } },
        { sort: { updatedAt: -1 }, skip: 0, limit },
      );
      const full = await Promise.all(items.map((c) => repo.findById(String(c._id))));
      return full
        .filter((c): c is CaseRecord => !!c)
        .map(toService)
        .filter((s) => s.endedAt && s.endedAt >= since);
    },
  };
}
