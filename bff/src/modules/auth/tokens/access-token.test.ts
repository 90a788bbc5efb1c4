import { createAccessTokens } from './access-token';
import type { Principal } from '../access/principal';

const principal: Principal = {
  userId: 'u1',
  sessionId: 's1',
  role: 'staff',
  department: 'D1',
  halls: ['H1'],
  duties: [],
  enterprises: [],
};

describe('access tokens remembered once verified', () => {
  const tokens = createAccessTokens({ secret: 'a-secret-that-is-long-enough-for-hs256-0000', ttlSeconds: 60 });

  it('a good token answers the same claims every time; they cannot be changed by a caller', () => {
    const { token } = tokens.sign(principal, 3);
    const first = tokens.verify(token);
    const again = tokens.verify(token);
    expect(first).toEqual({ ok: true, principal, version: 3 });
    expect(again).toEqual(first);
    if (!again.ok) throw new Error('not ok');
    expect(() => (again.principal.halls as string[]).push('H2')).toThrow(TypeError);
    expect(tokens.verify(token)).toEqual(first);
  });

  it('a token with one character changed is refused every time, even after the good one was seen', () => {
    const { token } = tokens.sign(principal, 0);
    expect(tokens.verify(token).ok).toBe(true);
    const tampered = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
    expect(tokens.verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
    expect(tokens.verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('a remembered token stops working when it expires', () => {
    const { token, expiresAt } = tokens.sign(principal, 0);
    expect(tokens.verify(token).ok).toBe(true);
    const clock = jest.spyOn(Date, 'now').mockReturnValue(expiresAt.getTime());
    try {
      expect(tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
    } finally {
      clock.mockRestore();
    }
  });
});
