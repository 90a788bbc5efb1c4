import {
  CASE_EVENT_LABELS,
  CASE_MATERIAL_STATE_LABELS,
  CASE_STATUS_LABELS,
  CASE_TASK_STATUS_LABELS,
  ROLE_LABELS,
  maskCreditCode,
  maskName,
  type CaseDetail,
  type CaseEvent,
  type CaseSummary,
  type ProgressQueryResponse,
  type Role,
} from '@app/shared';
import type { CaseEventRecord, CaseRecord, CaseTaskRecord } from '../models/case.model';
import { deadlineView, dueFlags, isClockStatus, isDueDateProvisional } from './case-deadlines';

/** A department's name from its code (people read names, never codes); unknown codes stay as they are. */
export type NameOf = (departmentCode: string) => string;
const asIs: NameOf = (code) => code;

/** How much a viewer sees: staff see staff names in full; everyone else sees them masked. */
export type Audience = 'staff' | 'applicant' | 'public';

export function audienceOf(role: Role): Audience {
  return role === 'staff' || role === 'supervisor' || role === 'admin' ? 'staff' : 'applicant';
}

function actorView(event: CaseEventRecord, audience: Audience): CaseEvent['actor'] {
  const role = event.actor.role;
  const roleLabel =
    role === 'system'
      ? '系统'
      : event.actor.userId && (role === 'citizen' || role === 'enterprise')
        ? '申请人'
        : ROLE_LABELS[role];
  const name =
    event.actor.name && (role === 'staff' || role === 'supervisor' || role === 'admin')
      ? audience === 'staff'
        ? event.actor.name
        : maskName(event.actor.name)
      : undefined;
  return {
    role,
    roleLabel,
    ...(event.actor.department ? { department: event.actor.department } : {}),
    ...(name ? { name } : {}),
  };
}

/** Notes written with department codes before names were used (`并联部门：GA、SW`) read with names. */
function noteWithNames(note: string, nameOf: NameOf): string {
  return note.replace(
    /(并联部门：)([A-Za-z0-9_、-]+)/,
    (_, head: string, codes: string) => head + codes.split('、').map(nameOf).join('、'),
  );
}

export function eventView(event: CaseEventRecord, audience: Audience, nameOf: NameOf = asIs): CaseEvent {
  const label =
    event.kind === 'task_updated' && event.taskDepartment
      ? `${CASE_EVENT_LABELS[event.kind]}（${nameOf(event.taskDepartment)}）`
      : CASE_EVENT_LABELS[event.kind];
  const actor = actorView(event, audience);
  return {
    at: event.at.toISOString(),
    kind: event.kind,
    label,
    ...(event.from ? { from: event.from } : {}),
    ...(event.to ? { to: event.to } : {}),
    actor: { ...actor, ...(actor.department ? { department: nameOf(actor.department) } : {}) },
    ...(event.note ? { note: noteWithNames(event.note, nameOf) } : {}),
  };
}

function openTasks(c: Pick<CaseRecord, 'tasks'>): CaseTaskRecord[] {
  return c.tasks.filter((t) => t.status !== 'done');
}

export function summaryView(c: CaseRecord, today: string, nameOf: NameOf = asIs): CaseSummary {
  const flags = dueFlags(c.dueDate, isClockStatus(c.status), today, c.promisedLimitDays);
  const open = openTasks(c).map((t) => t.department);
  return {
    id: String(c._id),
    number: c.number,
    itemCode: c.itemCode,
    itemName: c.itemName,
    department: c.department,
    departmentName: nameOf(c.department),
    ...(c.enterpriseId && c.enterpriseName
      ? {
          enterprise: {
            id: c.enterpriseId,
            name: c.enterpriseName,
            creditCodeMasked: maskCreditCode(c.enterpriseCreditCode ?? ''),
          },
        }
      : {}),
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    ...(c.applicantNameMasked ? { applicantName: c.applicantNameMasked } : {}),
    ...(c.enterpriseId ? { enterpriseId: c.enterpriseId } : {}),
    submittedAt: c.submittedAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    dueDate: c.dueDate ?? null,
    ...(isDueDateProvisional(c.dueDate, c.acceptedDate) ? { dueDateProvisional: true } : {}),
    dueSoon: flags.dueSoon,
    overdue: flags.overdue,
    tripsTaken: c.trips.length,
    maxTrips: c.maxTrips,
    openTasks: open,
    openTaskNames: open.map(nameOf),
  };
}

/** 容缺后补: waived materials not supplied yet; due with the case (its due date), before 办结. */
export function owedMaterials(c: Pick<CaseRecord, 'materials'>): Array<{ index: number; name: string }> {
  return c.materials.flatMap((m, index) => (m.state === 'waived' ? [{ index, name: m.name }] : []));
}

/** Who still works on the case: the lead department while it is being handled, and open parallel tasks. */
export function stillWorkingOf(c: CaseRecord): string[] {
  const open = openTasks(c);
  return c.status === 'accepted' || c.status === 'in_progress' || c.status === 'correction_paused'
    ? [c.department, ...open.map((t) => t.department).filter((d) => d !== c.department)]
    : open.map((t) => t.department);
}

export function detailView(
  c: CaseRecord,
  today: string,
  audience: Audience,
  allowedActions: string[],
  nameOf: NameOf = asIs,
): CaseDetail {
  const id = String(c._id);
  const running = isClockStatus(c.status);
  const stillWorking = stillWorkingOf(c);
  const owed = owedMaterials(c);
  const finished = c.status === 'completed' || c.status === 'delivered';
  return {
    ...summaryView(c, today, nameOf),
    ...(c.enterpriseCreditCode ? { enterpriseCreditCode: c.enterpriseCreditCode } : {}),
    owed: finished ? [] : owed,
    owedBy: owed.length && !finished ? (c.dueDate ?? null) : null,
    version: c.version,
    formFields: c.formFields ?? {},
    ...(c.outcome ? { outcome: c.outcome } : {}),
    ...(c.rejectionReason ? { rejectionReason: c.rejectionReason } : {}),
    corrections: c.corrections ?? [],
    deadline: deadlineView(c, today),
    tasks: c.tasks.map((t) => {
      const flags = dueFlags(t.dueDate, running && t.status !== 'done', today);
      return {
        id: String(t._id),
        department: t.department,
        departmentName: nameOf(t.department),
        status: t.status,
        statusLabel: CASE_TASK_STATUS_LABELS[t.status],
        ...(t.outcome ? { outcome: t.outcome } : {}),
        limitDays: t.limitDays,
        dueDate: t.dueDate,
        ...(isDueDateProvisional(t.dueDate, c.acceptedDate) ? { dueDateProvisional: true } : {}),
        overdue: flags.overdue,
        dueSoon: flags.dueSoon,
        ...(t.updatedAt ? { updatedAt: t.updatedAt.toISOString() } : {}),
      };
    }),
    trips: {
      taken: c.trips.length,
      allowed: c.maxTrips,
      met: c.trips.length <= c.maxTrips,
      trips: c.trips.map((t) => ({
        at: t.at.toISOString(),
        source: t.source,
        ...(t.hallCode ? { hallCode: t.hallCode } : {}),
        ...(t.note ? { note: t.note } : {}),
      })),
    },
    materials: c.materials.map((m, index) => ({
      index,
      name: m.name,
      requirement: m.requirement,
      state: m.state,
      stateLabel: CASE_MATERIAL_STATE_LABELS[m.state],
      files: m.files.map((f) => fileView(id, f)),
    })),
    missing: c.materials.flatMap((m, index) => (m.state === 'missing' ? [{ index, name: m.name }] : [])),
    ...(c.delivery
      ? {
          delivery: {
            method: c.delivery.method,
            ...(c.delivery.address?.address ? { address: c.delivery.address } : {}),
            ...(c.delivery.trackingNumber ? { trackingNumber: c.delivery.trackingNumber } : {}),
            ...(c.delivery.carrier ? { carrier: c.delivery.carrier } : {}),
            ...(c.delivery.deliveredAt ? { deliveredAt: c.delivery.deliveredAt.toISOString() } : {}),
          },
        }
      : {}),
    timeline: c.timeline.map((e) => eventView(e, audience, nameOf)),
    stillWorking,
    stillWorkingNames: stillWorking.map(nameOf),
    allowedActions,
  };
}

export function fileView(caseId: string, f: CaseRecord['materials'][number]['files'][number]) {
  const id = String(f.fileId);
  return {
    id,
    filename: f.filename,
    contentType: f.contentType,
    size: f.size,
    uploadedAt: f.uploadedAt.toISOString(),
    url: `/api/cases/${caseId}/materials/${id}`,
  };
}

/** What anybody holding the receipt sees: no notes, no names in clear. */
export function publicView(c: CaseRecord, nameOf: NameOf = asIs): ProgressQueryResponse {
  const shown = c.timeline.filter((e) => e.to !== undefined || e.kind === 'apply' || e.kind === 'trip');
  return {
    number: c.number,
    itemName: c.itemName,
    status: c.status,
    statusLabel: CASE_STATUS_LABELS[c.status],
    applicantName: c.applicantNameMasked ?? '',
    ...(c.enterpriseName
      ? {
          enterpriseName: c.enterpriseName,
          enterpriseCreditCodeMasked: maskCreditCode(c.enterpriseCreditCode ?? ''),
        }
      : {}),
    stillWorking: stillWorkingOf(c).map(nameOf),
    submittedAt: c.submittedAt.toISOString(),
    dueDate: c.dueDate ?? null,
    ...(isDueDateProvisional(c.dueDate, c.acceptedDate) ? { dueDateProvisional: true } : {}),
    timeline: shown.map((e) => {
      const actor = actorView(e, 'public');
      return {
        at: e.at.toISOString(),
        label: CASE_EVENT_LABELS[e.kind],
        actor: actor.name ? `${actor.roleLabel} ${actor.name}` : actor.roleLabel,
        ...(actor.department ? { department: nameOf(actor.department) } : {}),
      };
    }),
  };
}
