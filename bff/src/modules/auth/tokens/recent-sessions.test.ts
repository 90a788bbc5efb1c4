import { createRecentSessions } from './recent-sessions';

describe('recent session checks (the fallback while Redis cannot answer)', () => {
  it('remembers a session Redis confirmed, for the time-to-live and that version only', () => {
    let now = 1_000;
    const recent = createRecentSessions({ ttlMs: 300_000, now: () => now });
    recent.remember('s1', 'u1', 2);
    expect(recent.seenRecently('s1', 'u1', 2)).toBe(true);
    expect(recent.seenRecently('s1', 'u1', 3)).toBe(false); // the user's version moved on
    expect(recent.seenRecently('s1', 'u2', 2)).toBe(false);
    now += 300_001;
    expect(recent.seenRecently('s1', 'u1', 2)).toBe(false);
    expect(recent.size).toBe(0);
  });

  it('forgets a session Redis said is revoked', () => {
    const recent = createRecentSessions({ ttlMs: 60_000 });
    recent.remember('s1', 'u1', 0);
    recent.forget('s1', 'u1', 0);
    expect(recent.seenRecently('s1', 'u1', 0)).toBe(false);
  });

  it('is bounded (oldest first) and off with a zero time-to-live', () => {
    const recent = createRecentSessions({ ttlMs: 60_000, max: 2 });
    recent.remember('a', 'u', 0);
    recent.remember('b', 'u', 0);
    recent.remember('c', 'u', 0);
    expect(recent.seenRecently('a', 'u', 0)).toBe(false);
    expect(recent.seenRecently('c', 'u', 0)).toBe(true);
    const off = createRecentSessions({ ttlMs: 0 });
    off.remember('a', 'u', 0);
    expect(off.seenRecently('a', 'u', 0)).toBe(false);
  });
});
