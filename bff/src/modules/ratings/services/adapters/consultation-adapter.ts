import type { ConsultationStatus } from '@app/shared';
import type { Principal } from '../../../auth/access/principal';
import type { ConsultationRecord } from '../../../consultations/models/consultation.model';
import type { ConsultationRepository } from '../../../consultations/repositories/consultation.repository';
import type { RateableService, RatedService } from '../rateable';

/** A consultation is over (rateable) once answered: 已答复, or 已解决 after it (see the transition table). */
const OVER: readonly ConsultationStatus[] = ['answered', 'resolved'];

/** The `consultation` kind over the consultations module's repository. */
export function consultationAdapter(repo: ConsultationRepository): RateableService {
  // Theirs as the module says (consultation-context `isAsker`): the asker, or the enterprise's active members.
  const isTheirs = (p: Principal, c: ConsultationRecord) =>
    c.askerId === p.userId || (c.enterpriseId !== undefined && p.enterprises.includes(c.enterpriseId));

  function toService(c: ConsultationRecord): RatedService {
    // Who answered (the last answer; the module records `answeredBy`), their name and department from the thread.
    const answer = [...(c.events ?? [])].reverse().find((e) => e.kind === 'answered');
    const department = c.department ?? answer?.actor.department ?? 'consultation_desk';
    const endedAt = c.firstAnsweredAt ?? c.answeredAt;
    return {
      kind: 'consultation',
      id: String(c._id),
      personId: c.askerId,
      title: `咨询：${c.title}（${c.number}）`,
      ...(OVER.includes(c.status) && endedAt ? { endedAt } : {}),
      served: {
        ...(c.itemCode ? { itemCode: c.itemCode } : {}),
        ...(c.itemName ? { itemName: c.itemName } : {}),
        department,
        ...(c.answeredBy ? { staffId: c.answeredBy } : {}),
        ...(answer?.actor.name && answer.actor.userId === c.answeredBy
          ? { staffName: answer.actor.name }
          : {}),
      },
    };
  }

  return {
    kind: 'consultation',
    async findForPerson(p, id) {
      const c = await repo.findById(id);
      return c && isTheirs(p, c) ? toService(c) : undefined;
    },
    async endedSince(p, since, limit) {
      const owners = [
        { askerId: p.userId },
        ...(p.enterprises.length ? [{ enterpriseId: { $in: p.enterprises } }] : []),
      ];
      const { items } = await repo.list(
        { $or: owners, status: { $in: OVER }, firstAnsweredAt: { $gte: since } },
        { sort: { firstAnsweredAt: -1 }, skip: 0, limit },
      );
      return items.map(toService);
    },
  };
}
