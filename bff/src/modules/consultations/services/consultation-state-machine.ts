import type { ConsultationAction, ConsultationStatus } from '@app/shared';

/**
 * THE transition table of a consultation. `who`: `staff` = staff of the department it sits with now
 * (or, with no department, the 综合咨询 desk); `asker` = the person who asked (or, for an enterprise's
 * consultation, its active members). Every transition is one conditional update on `{status, version}`:
 * a transition from any other status, or a lost race, answers 409.
 */
export interface Transition {
  action: ConsultationAction;
  from: readonly ConsultationStatus[];
  to: ConsultationStatus;
  who: 'staff' | 'asker';
}

export const TRANSITIONS: readonly Transition[] = [
  { action: 'claim', from: ['submitted', 'transferred', 'follow_up'], to: 'claimed', who: 'staff' },
  { action: 'answer', from: ['claimed'], to: 'answered', who: 'staff' },
  {
    action: 'transfer',
    from: ['submitted', 'claimed', 'transferred', 'follow_up'],
    to: 'transferred',
    who: 'staff',
  },
  { action: 'request_info', from: ['claimed'], to: 'info_requested', who: 'staff' },
  { action: 'provide_info', from: ['info_requested'], to: 'claimed', who: 'asker' },
  {
    action: 'close_duplicate',
    from: ['submitted', 'claimed', 'transferred', 'info_requested', 'follow_up'],
    to: 'closed',
    who: 'staff',
  },
  { action: 'follow_up', from: ['answered'], to: 'follow_up', who: 'asker' },
  { action: 'resolve', from: ['answered'], to: 'resolved', who: 'asker' },
];

const BY_ACTION = new Map(TRANSITIONS.map((t) => [t.action, t]));

export function transitionOf(action: ConsultationAction): Transition {
  return BY_ACTION.get(action)!;
}

/** The actions this kind of caller may take from `status`. */
export function actionsFrom(status: ConsultationStatus, who: 'staff' | 'asker'): ConsultationAction[] {
  return TRANSITIONS.filter((t) => t.who === who && t.from.includes(status)).map((t) => t.action);
}
