import {
  CONSULTATION_DUE_SOON_WORKING_DAYS,
  CONSULTATION_OPEN_STATUSES,
  type ConsultationStatus,
} from '@app/shared';
import {
  addCalendarDays,
  chinaDateTime,
  dueDateWithPauses,
  workingDaysBetween,
  type Closures,
} from '../../calendar';
import type { ConsultationClockRecord } from '../models/consultation.model';

/**
 * The answer clock of a round, in working days of the shared calendar (holidays, 调休, the item's
 * hall closures): counted from the day after the round was asked, stopped from the day staff ask
 * for more information to the day the person replies (both inclusive, as 补正 for cases).
 */
export function dueDateOf(clock: ConsultationClockRecord, closures?: Closures): string | null {
  return dueDateWithPauses({
    start: clock.start,
    limitDays: clock.limitDays,
    pauses: [...clock.pauses, ...(clock.openPauseFrom ? [{ from: clock.openPauseFrom }] : [])],
    ...(closures ? { closures } : {}),
  }).dueDate;
}

/** The instant a consultation due on `dueDate` (inclusive) becomes overdue: the next day, 00:00 China time. */
export function dueAtOf(dueDate: string): Date {
  return chinaDateTime(addCalendarDays(dueDate, 1), '00:00');
}

export function overdueJobId(consultationId: string, dueAt: Date): string {
  return `consultation-overdue-${consultationId}-${dueAt.getTime()}`;
}

export function isOpen(status: ConsultationStatus): boolean {
  return (CONSULTATION_OPEN_STATUSES as readonly ConsultationStatus[]).includes(status);
}

/** Flags on read: due soon (≤ 1 working day left) and overdue (the job's mark, or past the due instant). */
export function clockFlags(
  c: { status: ConsultationStatus; dueDate?: string; dueAt?: Date; overdue: boolean },
  now: Date,
  today: string,
) {
  const running = isOpen(c.status) && c.status !== 'info_requested';
  if (!running || !c.dueDate) return { dueSoon: false, overdue: false };
  const overdue = c.overdue || (c.dueAt !== undefined && now >= c.dueAt);
  const dueSoon = !overdue && workingDaysBetween(today, c.dueDate) <= CONSULTATION_DUE_SOON_WORKING_DAYS;
  return { dueSoon, overdue };
}
