import { COMPLAINT_WARN_SHARE, type LocalDate } from '@app/shared';
import { addCalendarDays, addWorkingDays, chinaDateTime, workingDaysBetween } from '../../calendar';
import { cancel, schedule, sendNow, type OutboxEntryRecord } from '../../notifications';

/**
 * Time limits in working days (the shared calendar) and the jobs that watch them. Both the 80% warning
 * and the overdue flag are BullMQ delayed jobs on the `complaints` queue, written through the outbox
 * with ids derived from the complaint, its round (重办) and its due date: scheduling twice makes one job,
 * and a moved due date (延期, 重办) withdraws the old ids and schedules new ones.
 */
export const COMPLAINT_QUEUE = 'complaints';

export type ComplaintJob =
  | { kind: 'warn' | 'overdue'; complaintId: string; dueDate: string; round: number }
  | { kind: 'notify'; complaintId: string; event: ComplaintNoticeEvent };
export type ComplaintNoticeEvent = 'accepted' | 'replied' | 'closed' | 'rejected';

export function warnJobId(id: string, round: number, dueDate: string): string {
  return `complaint-warn-${id}-r${round}-${dueDate}`;
}
export function overdueJobId(id: string, round: number, dueDate: string): string {
  return `complaint-overdue-${id}-r${round}-${dueDate}`;
}

/** The day the 80% warning falls on: 80% of the working days from start to due, rounded up. */
export function warnDate(start: LocalDate, due: LocalDate): LocalDate {
  const total = Math.max(1, workingDaysBetween(start, due));
  const days = Math.min(total, Math.max(1, Math.ceil(total * COMPLAINT_WARN_SHARE)));
  return addWorkingDays(start, days);
}

/** Warning at 09:00 China time on the 80% day; overdue at 00:00 the day after the due date. */
export function deadlineInstants(start: LocalDate, due: LocalDate) {
  return {
    warnAt: chinaDateTime(warnDate(start, due), '09:00'),
    overdueAt: chinaDateTime(addCalendarDays(due, 1), '00:00'),
  };
}

export function scheduleDeadlines(
  id: string,
  round: number,
  start: LocalDate,
  due: LocalDate,
): OutboxEntryRecord[] {
  const { warnAt, overdueAt } = deadlineInstants(start, due);
  const data = { complaintId: id, dueDate: due, round };
  return [
    schedule(COMPLAINT_QUEUE, 'warn', warnJobId(id, round, due), warnAt, { kind: 'warn', ...data }),
    schedule(COMPLAINT_QUEUE, 'overdue', overdueJobId(id, round, due), overdueAt, {
      kind: 'overdue',
      ...data,
    }),
  ];
}

export function cancelDeadlines(id: string, round: number, due: string | undefined): OutboxEntryRecord[] {
  if (!due) return [];
  return [
    cancel(COMPLAINT_QUEUE, warnJobId(id, round, due)),
    cancel(COMPLAINT_QUEUE, overdueJobId(id, round, due)),
  ];
}

export function notice(id: string, event: ComplaintNoticeEvent): OutboxEntryRecord {
  return sendNow(COMPLAINT_QUEUE, 'notify', { kind: 'notify', complaintId: id, event });
}
