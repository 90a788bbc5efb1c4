import {
  maskName,
  RATING_ADDENDUM_DAYS,
  RATING_LEVEL_LABELS,
  RATING_REASON_LABELS,
  RECTIFICATION_STATUS_LABELS,
  type RatingView,
  type RectificationView,
  type Served,
} from '@app/shared';
import type { RatingRecord, ServedRecord } from '../models/rating.model';
import type { EvidenceFileRecord, RectificationRecord } from '../models/rectification.model';

const DAY_MS = 86_400_000;

/**
 * Personal data out of a free text before anybody else reads it: ID numbers, phone numbers and other
 * long digit runs keep their first 3 and last 2 digits, e-mail addresses their first letter.
 */
export function maskComment(text: string): string {
  return text
    .replace(
      /\d{6,}[\dXx]?/g,
      (run) => `${run.slice(0, 3)}${'*'.repeat(Math.max(1, run.length - 5))}${run.slice(-2)}`,
    )
    .replace(/([A-Za-z0-9])[A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+/g, '$1***@***');
}

export const reasonsView = (codes: string[]) =>
  codes.map((code) => ({ code, label: RATING_REASON_LABELS[code] ?? code }));

function servedView(s: ServedRecord, showStaffName: boolean): Served {
  return {
    ...(s.itemCode ? { itemCode: s.itemCode } : {}),
    ...(s.itemName ? { itemName: s.itemName } : {}),
    department: s.department,
    ...(s.hallCode ? { hallCode: s.hallCode } : {}),
    ...(s.windowName ? { windowName: s.windowName } : {}),
    ...(s.staffName ? { staffName: showStaffName ? s.staffName : maskName(s.staffName) } : {}),
  };
}

export type RatingAudience = 'person' | 'staff' | 'supervisor';

/** A rating for its rater (everything, addendum deadline) or for staff (comment masked). */
export function ratingView(
  r: RatingRecord,
  rect: Pick<RectificationRecord, '_id' | 'status'> | null | undefined,
  audience: RatingAudience,
  now: Date,
): RatingView {
  const addendumUntil = new Date(r.createdAt.getTime() + RATING_ADDENDUM_DAYS * DAY_MS);
  const comment = r.comment ? (audience === 'person' ? r.comment : maskComment(r.comment)) : undefined;
  return {
    id: String(r._id),
    kind: r.kind,
    serviceId: r.serviceId,
    serviceTitle: r.title,
    round: r.round,
    level: r.level,
    levelLabel: RATING_LEVEL_LABELS[r.level],
    reasons: reasonsView(r.reasons),
    ...(comment ? { comment } : {}),
    showComment: r.showComment,
    ...(r.addendum
      ? {
          addendum: {
            text: audience === 'person' ? r.addendum.text : maskComment(r.addendum.text),
            at: r.addendum.at.toISOString(),
          },
        }
      : {}),
    ...(audience === 'person' && !r.addendum && now < addendumUntil
      ? { addendumUntil: addendumUntil.toISOString() }
      : {}),
    served: servedView(r.served, audience === 'supervisor'),
    createdAt: r.createdAt.toISOString(),
    ...(r.invalid ? { invalid: { reason: r.invalid.reason, at: r.invalid.at.toISOString() } } : {}),
    ...(rect
      ? {
          rectification: {
            id: String(rect._id),
            status: rect.status,
            statusLabel: RECTIFICATION_STATUS_LABELS[rect.status],
          },
        }
      : {}),
  };
}

function evidenceView(rectId: string, f: EvidenceFileRecord) {
  return {
    id: String(f.fileId),
    filename: f.filename,
    contentType: f.contentType,
    size: f.size,
    url: `/api/staff/rectifications/${rectId}/evidence/${String(f.fileId)}`,
  };
}

/** A rectification for staff: never the rater's identity (see the contact route). */
export function rectificationView(
  r: RectificationRecord,
  viewerId: string,
  supervisor: boolean,
): RectificationView {
  const id = String(r._id);
  return {
    id,
    ratingId: String(r.ratingId),
    kind: r.kind,
    serviceId: r.serviceId,
    serviceTitle: r.title,
    department: r.department,
    served: servedView(r.served, supervisor || r.served.staffId === viewerId),
    level: r.level,
    levelLabel: RATING_LEVEL_LABELS[r.level],
    reasons: reasonsView(r.reasons),
    ...(r.comment ? { comment: maskComment(r.comment) } : {}),
    status: r.status,
    statusLabel: RECTIFICATION_STATUS_LABELS[r.status],
    callbackDueDate: r.callbackDueDate,
    rectifyDueDate: r.rectifyDueDate,
    callbackOverdue: r.callbackOverdue,
    rectifyOverdue: r.rectifyOverdue,
    ...(r.assigneeId
      ? {
          assignee: {
            id: r.assigneeId,
            ...(r.assigneeName ? { name: supervisor ? r.assigneeName : maskName(r.assigneeName) } : {}),
          },
        }
      : {}),
    assignedToMe: r.assigneeId === viewerId,
    ...(r.callback
      ? {
          callback: {
            reached: r.callback.reached,
            note: maskComment(r.callback.note),
            at: r.callback.at.toISOString(),
            onTime: r.callback.onTime,
          },
        }
      : {}),
    ...(r.rectification
      ? {
          rectification: {
            problem: r.rectification.problem,
            actions: r.rectification.actions,
            evidence: r.rectification.evidence.map((f) => evidenceView(id, f)),
            at: r.rectification.at.toISOString(),
            onTime: r.rectification.onTime,
          },
        }
      : {}),
    pendingEvidence: (r.pendingEvidence ?? []).map((f) => evidenceView(id, f)),
    ...(r.reRating
      ? {
          reRating: {
            level: r.reRating.level,
            levelLabel: RATING_LEVEL_LABELS[r.reRating.level],
            at: r.reRating.at.toISOString(),
          },
        }
      : {}),
    createdAt: r.createdAt.toISOString(),
  };
}
