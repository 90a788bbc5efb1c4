import {
  COMPLAINT_FINAL_STATUSES,
  COMPLAINT_TRANSITIONS,
  type ComplaintActor,
  type ComplaintStatus,
} from '@app/shared';
import type { Principal } from '../../auth/access/principal';
import type { ComplaintRecord } from '../models/complaint.model';

/**
 * Which hats a caller wears for one complaint. Staff duties (Principal.duties) decide the desk
 * (complaint_dispatch, city-wide), the handlers (complaint_handling, of the lead department — or of a
 * co-department for their part) and follow-up (complaint_followup, city-wide); supervisors are a role.
 */
type Hat = ComplaintActor | 'co_handler';

export const isDesk = (p: Principal) => p.role === 'staff' && p.duties.includes('complaint_dispatch');
export const isFollowup = (p: Principal) => p.role === 'staff' && p.duties.includes('complaint_followup');
export const isHandlerStaff = (p: Principal) => p.role === 'staff' && p.duties.includes('complaint_handling');
export const isSupervisor = (p: Principal) => p.role === 'supervisor';

export function isFiler(p: Principal, c: Pick<ComplaintRecord, 'filerId' | 'enterpriseId'>): boolean {
  return c.filerId === p.userId || (!!c.enterpriseId && p.enterprises.includes(c.enterpriseId));
}

export function isLeadHandler(p: Principal, c: Pick<ComplaintRecord, 'leadDepartment'>): boolean {
  return isHandlerStaff(p) && !!p.department && p.department === c.leadDepartment;
}

export function isCoHandler(p: Principal, c: Pick<ComplaintRecord, 'coDepartments'>): boolean {
  return isHandlerStaff(p) && !!p.department && c.coDepartments.some((d) => d.department === p.department);
}

export function hatsOf(p: Principal, c: ComplaintRecord): Set<Hat> {
  const hats = new Set<Hat>();
  if (isFiler(p, c)) hats.add('filer');
  if (isDesk(p)) hats.add('desk');
  if (isLeadHandler(p, c)) hats.add('handler');
  if (isCoHandler(p, c)) hats.add('co_handler');
  if (isFollowup(p)) hats.add('followup');
  if (isSupervisor(p)) hats.add('supervisor');
  return hats;
}

/**
 * What the caller sees of the person who filed it:
 * - `filer`: their own complaint;
 * - `privileged`: the desk, follow-up and supervisors (masked contact; full only by the audited reveal);
 * - `department`: the handling department's staff — never anything about a 举报's filer.
 */
export type Audience = 'filer' | 'privileged' | 'department';

export function audienceOf(p: Principal, c: ComplaintRecord): Audience {
  if (isFiler(p, c) && p.role !== 'staff') return 'filer';
  if (isDesk(p) || isFollowup(p) || isSupervisor(p) || p.role === 'admin') return 'privileged';
  return 'department';
}

/** Who may reveal the contact in full (audited): follow-up for 投诉 / 建议; desk and supervisors for all. */
export function mayReveal(p: Principal, c: ComplaintRecord): boolean {
  if (isDesk(p) || isSupervisor(p)) return true;
  return isFollowup(p) && c.kind !== 'report';
}

const OPEN = (s: ComplaintStatus) => !(COMPLAINT_FINAL_STATUSES as readonly string[]).includes(s);

/** The buttons: transitions and other steps the caller may take now. */
export function allowedActions(p: Principal, c: ComplaintRecord): string[] {
  const hats = hatsOf(p, c);
  const actions = new Set<string>();
  for (const t of COMPLAINT_TRANSITIONS) {
    if (t.from !== c.status || !hats.has(t.who)) continue;
    if (t.action === 'reply' && c.anonymous) continue;
    if (t.action === 'reply_final' && !c.anonymous) continue;
    // redo / escalate / satisfied / unreachable are chosen by the follow-up record.
    if (['redo', 'escalate', 'satisfied', 'unreachable'].includes(t.action)) {
      actions.add('followup');
      continue;
    }
    if (t.action === 'supervisor_redo' || t.action === 'supervisor_close') {
      actions.add('escalation');
      continue;
    }
    actions.add(t.action);
  }
  if (c.status === 'handling') {
    if (hats.has('co_handler') && c.coDepartments.some((d) => d.department === p.department && !d.part))
      actions.add('co_part');
    if (hats.has('handler') && c.extension?.status !== 'approved' && c.extension?.status !== 'requested')
      actions.add('request_extension');
    if (hats.has('desk') && c.extension?.status === 'requested') actions.add('decide_extension');
  }
  if (hats.has('supervisor') && OPEN(c.status) && c.status !== 'submitted') actions.add('supervise');
  if (hats.has('handler') && c.supervisions.some((s) => !s.answeredAt)) actions.add('answer_supervision');
  if (!c.anonymous && mayReveal(p, c)) actions.add('reveal_contact');
  if (hats.has('filer') && p.role !== 'staff' && c.repliedAt && !c.feedback) actions.add('feedback');
  return [...actions];
}
