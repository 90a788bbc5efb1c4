import {
  CONSULTATION_MAX_FOLLOW_UPS,
  CONSULTATION_STATUS_LABELS,
  maskName,
  type ConsultationAction,
  type ConsultationDetail,
  type ConsultationEvent,
  type ConsultationSummary,
} from '@app/shared';
import type { Principal } from '../../auth/access/principal';
import type { ConsultationRecord } from '../models/consultation.model';
import { isDueDateProvisional } from '../../calendar';
import { clockFlags } from './consultation-clock';
import { isAsker, isHandler, today, type ConsultationContext } from './consultation-context';
import { actionsFrom } from './consultation-state-machine';

/** Staff see staff names in full; the person sees them masked (张*), as for cases. */
const isStaffSide = (p: Principal) => p.role === 'staff' || p.role === 'supervisor' || p.role === 'admin';

export function allowedActions(p: Principal, c: ConsultationRecord): ConsultationAction[] {
  const actions = [
    ...(isHandler(p, c) ? actionsFrom(c.status, 'staff') : []),
    ...(isAsker(p, c) ? actionsFrom(c.status, 'asker') : []),
  ];
  return actions.filter((a) => a !== 'follow_up' || c.round < CONSULTATION_MAX_FOLLOW_UPS);
}

export async function summaryView(
  ctx: ConsultationContext,
  p: Principal,
  c: ConsultationRecord,
): Promise<ConsultationSummary> {
  const flags = clockFlags(c, ctx.now(), today(ctx));
  return {
    id: String(c._id),
    number: c.number,
    title: c.title,
    status: c.status,
    statusLabel: CONSULTATION_STATUS_LABELS[c.status],
    ...(c.itemCode ? { itemCode: c.itemCode } : {}),
    ...(c.itemName ? { itemName: c.itemName } : {}),
    ...(c.department ? { department: c.department } : {}),
    departmentName: await ctx.departments.name(c.department),
    askedAt: c.askedAt.toISOString(),
    clock: {
      limitDays: c.clock.limitDays,
      startDate: c.clock.start,
      dueDate: c.dueDate ?? null,
      ...(isDueDateProvisional(c.dueDate, c.clock.start) ? { dueDateProvisional: true } : {}),
      paused: c.clock.openPauseFrom !== undefined,
      ...flags,
    },
    round: c.round,
    ...(p.role === 'staff' ? { claimedByMe: c.claimedBy === p.userId } : {}),
    version: c.version,
  };
}

export async function detailView(
  ctx: ConsultationContext,
  p: Principal,
  c: ConsultationRecord,
): Promise<ConsultationDetail> {
  const staffSide = isStaffSide(p);
  const linkCodes = [...new Set(c.events.flatMap((e) => e.links ?? []))];
  const linkNames = linkCodes.length ? await ctx.items.names(linkCodes) : new Map<string, string>();
  const departmentCodes = [
    ...new Set(c.events.flatMap((e) => [e.fromDepartment, e.toDepartment]).filter((d) => d !== undefined)),
  ] as string[];
  const departmentNames = new Map(
    await Promise.all(departmentCodes.map(async (d) => [d, await ctx.departments.name(d)] as const)),
  );
  const id = String(c._id);
  const events: ConsultationEvent[] = c.events.map((e) => ({
    kind: e.kind,
    at: e.at.toISOString(),
    ...(e.actor.name
      ? { actorName: staffSide || e.actor.role !== 'staff' ? e.actor.name : maskName(e.actor.name) }
      : {}),
    actorRole: e.actor.role,
    ...(e.text !== undefined ? { text: e.text } : {}),
    ...(e.links?.length
      ? { links: e.links.map((code) => ({ code, name: linkNames.get(code) ?? code })) }
      : {}),
    ...(e.fromDepartment
      ? { fromDepartment: departmentNames.get(e.fromDepartment) ?? e.fromDepartment }
      : {}),
    ...(e.toDepartment ? { toDepartment: departmentNames.get(e.toDepartment) ?? e.toDepartment } : {}),
    ...(e.duplicateOf ? { duplicateOf: e.duplicateOf } : {}),
    ...(e.round !== undefined ? { round: e.round } : {}),
  }));
  const askerName = staffSide ? await ctx.people.name(c.askerId) : undefined;
  const enterpriseName = c.enterpriseId ? await ctx.people.enterpriseName(c.enterpriseId) : undefined;
  return {
    ...(await summaryView(ctx, p, c)),
    question: c.question,
    callBack: c.callBack,
    ...(askerName ? { askerName: maskName(askerName) } : {}),
    ...(enterpriseName ? { enterpriseName } : {}),
    pictures: c.pictures.map((pic) => ({
      id: String(pic.fileId),
      url: `/api/consultations/${id}/pictures/${String(pic.fileId)}`,
      contentType: pic.contentType,
      size: pic.size,
    })),
    events,
    followUpsLeft: Math.max(0, CONSULTATION_MAX_FOLLOW_UPS - c.round),
    ...(c.answeredBy && staffSide ? { answeredBy: c.answeredBy } : {}),
    ...(c.answeredAt ? { answeredAt: c.answeredAt.toISOString() } : {}),
    ...(c.duplicateOf ? { duplicateOf: c.duplicateOf } : {}),
    allowedActions: allowedActions(p, c),
    readOnly: p.role === 'staff' && !isHandler(p, c),
  };
}
