import { CASE_CLOCK_STATUSES, CASE_DUE_SOON_WORKING_DAYS, type CaseStatus } from '@app/shared';
import { addWorkingDays, dueDateWithPauses, workingDaysBetween, type Pause } from '../../calendar';

/**
 * Time limits of a case in working days (the shared calendar: holidays, 调休): the item's promised
 * limit counted from the day after 受理, the clock stopped from the day a 补正 notice goes out to the
 * day the applicant resubmits (both inclusive). Flags are computed on read against today.
 */
export interface ClockInput {
  status: CaseStatus;
  promisedLimitDays: number;
  acceptedDate?: string;
  pauses: Array<{ from: string; to: string }>;
  openPauseFrom?: string;
}

export interface DeadlineView {
  limitDays: number;
  startDate?: string;
  dueDate: string | null;
  paused: boolean;
  pausedWorkingDays: number;
  pauses: Array<{ from: string; to?: string }>;
  remainingWorkingDays: number | null;
  dueSoon: boolean;
  overdue: boolean;
}

function isRunning(status: CaseStatus): boolean {
  return (CASE_CLOCK_STATUSES as readonly CaseStatus[]).includes(status);
}

/** The due date with the pauses so far (null while paused or before 受理). */
export function computeDueDate(input: Omit<ClockInput, 'status'>): {
  dueDate: string | null;
  pausedWorkingDays: number;
  remaining: number;
} {
  if (!input.acceptedDate) return { dueDate: null, pausedWorkingDays: 0, remaining: input.promisedLimitDays };
  const pauses: Pause[] = [...input.pauses, ...(input.openPauseFrom ? [{ from: input.openPauseFrom }] : [])];
  if (input.promisedLimitDays < 1) {
    // 即办件: due on the day of 受理 (or the next working day).
    return {
      dueDate: input.openPauseFrom ? null : addWorkingDays(input.acceptedDate, 0),
      pausedWorkingDays: 0,
      remaining: 0,
    };
  }
  const result = dueDateWithPauses({ start: input.acceptedDate, limitDays: input.promisedLimitDays, pauses });
  return {
    dueDate: result.dueDate,
    pausedWorkingDays: result.pausedWorkingDays,
    remaining: result.remainingWorkingDays,
  };
}

export function dueFlags(dueDate: string | null | undefined, running: boolean, today: string) {
  if (!dueDate || !running) return { dueSoon: false, overdue: false, remaining: null as number | null };
  const remaining = workingDaysBetween(today, dueDate);
  const overdue = today > dueDate;
  return { overdue, dueSoon: !overdue && remaining <= CASE_DUE_SOON_WORKING_DAYS, remaining };
}

export function deadlineView(input: ClockInput, today: string): DeadlineView {
  const due = computeDueDate(input);
  const running = isRunning(input.status);
  const flags = dueFlags(due.dueDate, running, today);
  const paused = input.openPauseFrom !== undefined;
  return {
    limitDays: input.promisedLimitDays,
    ...(input.acceptedDate ? { startDate: input.acceptedDate } : {}),
    dueDate: due.dueDate,
    paused,
    pausedWorkingDays: due.pausedWorkingDays,
    pauses: [...input.pauses, ...(input.openPauseFrom ? [{ from: input.openPauseFrom }] : [])],
    remainingWorkingDays: paused ? due.remaining : flags.remaining,
    dueSoon: flags.dueSoon,
    overdue: flags.overdue,
  };
}

export function isClockStatus(status: CaseStatus): boolean {
  return isRunning(status);
}
