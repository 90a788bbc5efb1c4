import {
  COMPLAINT_CLOCK_STATUSES,
  COMPLAINT_EVENT_LABELS,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_PUBLIC_EVENTS,
  COMPLAINT_REJECT_REASON_LABELS,
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_ACCEPT_WITHIN_WORKING_DAYS,
  FOLLOWUP_METHOD_LABELS,
  FOLLOWUP_VERDICT_LABELS,
  type ComplaintDetail,
  type ComplaintListItem,
} from '@app/shared';
import { addWorkingDays, workingDaysBetween } from '../../calendar';
import type { ComplaintActorRecord, ComplaintRecord } from '../models/complaint.model';
import type { Audience } from './complaint-roles';

/**
 * What leaves the BFF about a complaint. The filer's identity (filerId, enterpriseId, contact) is
 * never copied into a view except the masked contact for the person themselves and for privileged
 * staff on 投诉 / 建议; a 举报's filer appears in no staff view at all (the reveal route is the only way,
 * audited). Timeline actors are hats and departments, never the person's name.
 */
export interface ViewContext {
  today: string;
  departmentName: (code: string) => string;
}

const DUE_SOON_WORKING_DAYS = 2;

function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 2))}`;
}

export function flagsOf(c: ComplaintRecord, today: string) {
  const running = (COMPLAINT_CLOCK_STATUSES as readonly string[]).includes(c.status);
  const overdue = running && !!c.dueDate && today > c.dueDate;
  const dueSoon =
    running && !!c.dueDate && !overdue && workingDaysBetween(today, c.dueDate) <= DUE_SOON_WORKING_DAYS;
  return {
    overdue,
    dueSoon,
    warned: running && !!c.warnedFor && c.warnedFor === c.dueDate,
    acceptLate:
      c.status === 'submitted' && today > addWorkingDays(c.filedDate, COMPLAINT_ACCEPT_WITHIN_WORKING_DAYS),
    repeat: !!c.repeatOf,
    escalated: c.escalated,
    supervised: c.supervisions.some((s) => !s.answeredAt),
    extensionPending: c.extension?.status === 'requested',
    returned: c.returns.length > 0 && c.status === 'accepted',
  };
}

export function listItem(c: ComplaintRecord, ctx: ViewContext): ComplaintListItem {
  return {
    id: String(c._id),
    number: c.number,
    kind: c.kind,
    status: c.status,
    statusLabel: COMPLAINT_STATUS_LABELS[c.status],
    // A 举报 about the person's own case or booking would name them through its number or time.
    subjectLabel: c.kind === 'report' ? (c.subject.safeLabel ?? c.subject.label) : c.subject.label,
    anonymous: c.anonymous,
    ...(c.leadDepartment
      ? { leadDepartment: c.leadDepartment, leadDepartmentName: ctx.departmentName(c.leadDepartment) }
      : {}),
    filedAt: c.filedAt.toISOString(),
    ...(c.dueDate ? { dueDate: c.dueDate } : {}),
    redoCount: c.redoCount,
    flags: flagsOf(c, ctx.today),
  };
}

function actorLabel(a: ComplaintActorRecord, c: ComplaintRecord, ctx: ViewContext): string {
  switch (a.as) {
    case 'filer':
      return c.kind === 'report' ? '举报人' : '群众';
    case 'desk':
      return '派单';
    case 'handler':
    case 'co_handler':
      return a.department ? ctx.departmentName(a.department) : '承办部门';
    case 'followup':
      return '回访';
    case 'supervisor':
      return '督查';
    default:
      return '系统';
  }
}

function contactOf(c: ComplaintRecord, audience: Audience) {
  if (!c.contact || c.anonymous) return undefined;
  if (audience === 'department') return undefined;
  if (audience === 'privileged' && c.kind === 'report') return undefined;
  return {
    name: audience === 'filer' ? c.contact.name : maskName(c.contact.name),
    ...(c.contact.phoneMasked ? { phone: c.contact.phoneMasked } : {}),
  };
}

export function detailView(
  c: ComplaintRecord,
  ctx: ViewContext,
  audience: Audience,
  actions: string[],
): ComplaintDetail {
  const events =
    audience === 'filer' ? c.timeline.filter((e) => COMPLAINT_PUBLIC_EVENTS.includes(e.kind)) : c.timeline;
  const contact = contactOf(c, audience);
  return {
    ...listItem(c, ctx),
    kindLabel: COMPLAINT_KIND_LABELS[c.kind],
    subject: {
      kind: c.subject.kind,
      label:
        c.kind === 'report' && audience !== 'filer'
          ? (c.subject.safeLabel ?? c.subject.label)
          : c.subject.label,
      ...(c.subject.refId && audience === 'filer' ? { id: c.subject.refId } : {}),
      ...(c.subject.code ? { code: c.subject.code } : {}),
    },
    description: c.description,
    ...(c.wish ? { wish: c.wish } : {}),
    attachments: c.attachments.map((a) => ({
      id: String(a.fileId),
      filename: a.filename,
      contentType: a.contentType,
      size: a.size,
    })),
    ...(contact ? { contact } : {}),
    ...(c.acceptedDate ? { acceptedDate: c.acceptedDate } : {}),
    ...(c.limitDays ? { limitDays: c.limitDays } : {}),
    ...(c.rejection
      ? {
          rejection: {
            reason: c.rejection.reason,
            reasonLabel: COMPLAINT_REJECT_REASON_LABELS[c.rejection.reason],
            note: c.rejection.note,
          },
        }
      : {}),
    coDepartments: c.coDepartments.map((d) => ({
      department: d.department,
      name: ctx.departmentName(d.department),
      ...(d.part && audience !== 'filer' ? { part: d.part } : {}),
      ...(d.at ? { at: d.at.toISOString() } : {}),
    })),
    ...(c.extension
      ? {
          extension: {
            days: c.extension.days,
            reason: c.extension.reason,
            status: c.extension.status,
            ...(c.extension.note ? { note: c.extension.note } : {}),
          },
        }
      : {}),
    ...(c.result && audience !== 'filer' ? { result: c.result } : {}),
    ...(c.reply ? { reply: c.reply } : {}),
    ...(c.repliedAt ? { repliedAt: c.repliedAt.toISOString() } : {}),
    ...(c.feedback
      ? {
          feedback: {
            solved: c.feedback.solved,
            ...(c.feedback.note ? { note: c.feedback.note } : {}),
            at: c.feedback.at.toISOString(),
          },
        }
      : {}),
    followups: c.followups.map((f) => ({
      date: f.date,
      method: FOLLOWUP_METHOD_LABELS[f.method],
      reached: f.reached,
      ...(f.verdict ? { verdict: FOLLOWUP_VERDICT_LABELS[f.verdict] } : {}),
      ...(f.note && audience !== 'filer' ? { note: f.note } : {}),
    })),
    ...(c.verdict ? { verdict: c.verdict } : {}),
    supervisions:
      audience === 'filer'
        ? []
        : c.supervisions.map((s) => ({
            id: String(s._id),
            note: s.note,
            at: s.at.toISOString(),
            ...(s.answer ? { answer: s.answer } : {}),
            ...(s.answeredAt ? { answeredAt: s.answeredAt.toISOString() } : {}),
          })),
    ...(c.repeatOf && audience !== 'filer'
      ? { repeatOf: { id: String(c.repeatOf), number: c.repeatOfNumber ?? '' } }
      : {}),
    // 举报 are not rated: a bad rating's 回访 would give the handling department the whistleblower.
    rating: {
      open: (c.status === 'closed' || c.status === 'unreachable') && c.kind !== 'report' && !c.ratedAt,
      rated: !!c.ratedAt,
    },
    timeline: events.map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      label: COMPLAINT_EVENT_LABELS[e.kind],
      actor: actorLabel(e.actor, c, ctx),
      ...(e.note ? { note: e.note } : {}),
    })),
    version: c.version,
    actions,
  };
}
