import { CASE_STATUSES, type CaseAction, type CaseStatus } from '@app/shared';

/**
 * Who may take an action on a case:
 * - `applicant`: the person who applied, or an active member of the enterprise it was filed for;
 * - `lead`: staff of the item's (lead) department;
 * - `counter`: staff of the lead department or of a hall where the item is handled (出件 at the window).
 */
export type CaseActorKind = 'applicant' | 'lead' | 'counter';

export interface Transition {
  from: CaseStatus;
  action: CaseAction;
  to: CaseStatus;
  who: CaseActorKind;
}

/** THE state machine of a case: every legal move, nothing else. */
export const TRANSITIONS: readonly Transition[] = [
  { from: 'submitted', action: 'prereview_pass', to: 'prereviewed', who: 'lead' },
  { from: 'submitted', action: 'request_correction', to: 'needs_correction', who: 'lead' },
  { from: 'needs_correction', action: 'resubmit', to: 'submitted', who: 'applicant' },
  { from: 'prereviewed', action: 'accept', to: 'accepted', who: 'lead' },
  { from: 'prereviewed', action: 'reject', to: 'rejected', who: 'lead' },
  { from: 'accepted', action: 'start', to: 'in_progress', who: 'lead' },
  // 补正 during 办理: the clock stops until the applicant resubmits.
  { from: 'in_progress', action: 'request_correction', to: 'correction_paused', who: 'lead' },
  { from: 'correction_paused', action: 'resubmit', to: 'in_progress', who: 'applicant' },
  { from: 'in_progress', action: 'complete', to: 'completed', who: 'lead' },
  { from: 'completed', action: 'deliver', to: 'delivered', who: 'counter' },
  { from: 'submitted', action: 'withdraw', to: 'withdrawn', who: 'applicant' },
  { from: 'needs_correction', action: 'withdraw', to: 'withdrawn', who: 'applicant' },
  { from: 'prereviewed', action: 'withdraw', to: 'withdrawn', who: 'applicant' },
];

export function findTransition(from: CaseStatus, action: CaseAction): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** Statuses from which `action` is legal (for conditional updates and messages). */
export function sourcesOf(action: CaseAction): CaseStatus[] {
  return TRANSITIONS.filter((t) => t.action === action).map((t) => t.from);
}

/** Every status a case can reach from `submitted` (used by tests to drive a case anywhere). */
export function pathTo(target: CaseStatus): Transition[] {
  const queue: Array<{ status: CaseStatus; path: Transition[] }> = [{ status: 'submitted', path: [] }];
  const seen = new Set<CaseStatus>(['submitted']);
  while (queue.length > 0) {
    const { status, path } = queue.shift()!;
    if (status === target) return path;
    for (const t of TRANSITIONS.filter((row) => row.from === status)) {
      if (seen.has(t.to)) continue;
      seen.add(t.to);
      queue.push({ status: t.to, path: [...path, t] });
    }
  }
  throw new Error(`unreachable status ${target}`);
}

export const ALL_STATUSES: readonly CaseStatus[] = CASE_STATUSES;
