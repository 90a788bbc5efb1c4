import { CASE_CLOCK_STATUSES, CASE_DUE_SOON_WORKING_DAYS, type CaseStatus } from '@app/shared';
import {
  addWorkingDays,
  dueDateWithPauses,
  isDueDateProvisional,
  workingDaysBetween,
  type Closures,
  type Pause,
} from '../../calendar';

/**
 * Time limits of a case in working days (the shared calendar: holidays, 调休): the item's promised
 * limit counted from the day after 受理, the clock stopped from the day a 补正 notice goes out to the
 * day the applicant resubmits (both inclusive). Days the case's hall declared closed (闭厅, the
 * calendar module's closures) do not count either: the service passes them when it computes the
 * stored due date (受理, 补正后恢复); on read the stored `dueDate` wins over a recomputation without
 * them. Flags are computed on read against today.
 */
export interface ClockInput {
  status: CaseStatus;
  promisedLimitDays: number;
  acceptedDate?: string;
  pauses: Array<{ from: string; to: string }>;
  openPauseFrom?: string;
  /** The due date stored at the last (re)computation, closures included. */
  dueDate?: string;
}

export interface DeadlineView {
  limitDays: number;
  startDate?: string;
  dueDate: string | null;
  /** The due date counts days of a year without its holiday notice (calendar module): 预计. */
  dueDateProvisional?: boolean;
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
export function computeDueDate(input: Omit<ClockInput, 'status' | 'dueDate'> & { closures?: Closures }): {
  dueDate: string | null;
  pausedWorkingDays: number;
  remaining: number;
} {
  if (!input.acceptedDate) return { dueDate: null, pausedWorkingDays: 0, remaining: input.promisedLimitDays };
  const pauses: Pause[] = [...input.pauses, ...(input.openPauseFrom ? [{ from: input.openPauseFrom }] : [])];
  if (input.promisedLimitDays < 1) {
    // 即办件: due on the day of 受理 (or the next working day).
    return {
      dueDate: input.openPauseFrom
        ? null
        : addWorkingDays(input.acceptedDate, 0, { closures: input.closures }),
      pausedWorkingDays: 0,
      remaining: 0,
    };
  }
  const result = dueDateWithPauses({
    start: input.acceptedDate,
    limitDays: input.promisedLimitDays,
    pauses,
    ...(input.closures ? { closures: input.closures } : {}),
  });
  return {
    dueDate: result.dueDate,
    pausedWorkingDays: result.pausedWorkingDays,
    remaining: result.remainingWorkingDays,
  };
}

/** A due date counting days of a year without its holiday notice (预计): the calendar decides. */
export { isDueDateProvisional };

/**
 * 已超期 / 即将到期 against today. A 即办件 (limit 0 working days) is due the day it is accepted by
 * its nature: it is never "即将到期" (that would flag every 即办件 the moment it is accepted), only
 * overdue once that day has passed.
 */
export function dueFlags(
  dueDate: string | null | undefined,
  running: boolean,
  today: string,
  limitDays?: number,
) {
  if (!dueDate || !running) return { dueSoon: false, overdue: false, remaining: null as number | null };
  const remaining = workingDaysBetween(today, dueDate);
  const overdue = today > dueDate;
  const instant = limitDays !== undefined && limitDays < 1;
  return { overdue, dueSoon: !overdue && !instant && remaining <= CASE_DUE_SOON_WORKING_DAYS, remaining };
}

export function deadlineView(input: ClockInput, today: string): DeadlineView {
  const { dueDate: stored, ...clock } = input;
  const due = computeDueDate(clock);
  const paused = input.openPauseFrom !== undefined;
  // The stored date counts the hall's closures; a recomputation here could not (no closures on read).
  const dueDate = paused ? null : (stored ?? due.dueDate);
  const running = isRunning(input.status);
  const flags = dueFlags(dueDate, running, today, input.promisedLimitDays);
  return {
    limitDays: input.promisedLimitDays,
    ...(input.acceptedDate ? { startDate: input.acceptedDate } : {}),
    dueDate,
    ...(isDueDateProvisional(dueDate, input.acceptedDate) ? { dueDateProvisional: true } : {}),
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
