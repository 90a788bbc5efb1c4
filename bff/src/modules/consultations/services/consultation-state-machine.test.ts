import { CONSULTATION_ACTIONS, CONSULTATION_STATUSES } from '@app/shared';
import { actionsFrom, TRANSITIONS, transitionOf } from './consultation-state-machine';

describe('the transition table', () => {
  it('has one row per action, each from known statuses to a known status', () => {
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...CONSULTATION_ACTIONS].sort());
    for (const t of TRANSITIONS) {
      expect(CONSULTATION_STATUSES).toContain(t.to);
      for (const from of t.from) expect(CONSULTATION_STATUSES).toContain(from);
    }
  });

  it('answers what each side may do from each status', () => {
    expect(actionsFrom('submitted', 'staff')).toEqual(['claim', 'transfer', 'close_duplicate']);
    expect(actionsFrom('claimed', 'staff')).toEqual([
      'answer',
      'transfer',
      'request_info',
      'close_duplicate',
    ]);
    expect(actionsFrom('info_requested', 'asker')).toEqual(['provide_info']);
    expect(actionsFrom('answered', 'asker')).toEqual(['follow_up', 'resolve']);
    expect(actionsFrom('answered', 'staff')).toEqual([]);
    for (const end of ['resolved', 'closed'] as const) {
      expect(actionsFrom(end, 'staff')).toEqual([]);
      expect(actionsFrom(end, 'asker')).toEqual([]);
    }
    expect(transitionOf('follow_up')).toMatchObject({ from: ['answered'], to: 'follow_up', who: 'asker' });
  });
});
