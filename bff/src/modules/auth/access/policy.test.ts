import type { RoutePolicy } from '../../../http/route-table';
import { ANY_ROLE, decideResource, decideRole } from './policy';
import { reaches, type Principal } from './principal';

const person = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  userId: `${role}-1`,
  role,
  sessionId: 's',
  halls: [],
  duties: [],
  enterprises: [],
  ...extra,
});

describe('decideRole', () => {
  const staffOnly: RoutePolicy = { access: 'signed-in', roles: ['staff'] };
  it('public routes let everybody in', () => {
    expect(decideRole({ access: 'public' }, undefined)).toEqual({ allow: true });
  });
  it('signed-in routes: 401 without a principal, 403 for a role not listed', () => {
    expect(decideRole(staffOnly, undefined)).toEqual({ allow: false, code: 'UNAUTHENTICATED' });
    expect(decideRole(staffOnly, person('citizen'))).toEqual({ allow: false, code: 'FORBIDDEN' });
    expect(decideRole(staffOnly, person('admin'))).toEqual({ allow: false, code: 'FORBIDDEN' });
    expect(decideRole(staffOnly, person('staff'))).toEqual({ allow: true });
  });
  it('ANY_ROLE is every role', () => {
    for (const role of ANY_ROLE) {
      expect(decideRole({ access: 'signed-in', roles: ANY_ROLE }, person(role)).allow).toBe(true);
    }
  });
});

describe('reaches / decideResource', () => {
  it('a person reaches only their own records', () => {
    const citizen = person('citizen');
    expect(reaches(citizen, { userId: 'citizen-1' })).toBe(true);
    expect(reaches(citizen, { userId: 'someone-else', department: 'd', enterpriseId: 'e' })).toBe(false);
  });
  it("an enterprise member reaches the enterprise's records and their own", () => {
    const member = person('enterprise', { enterprises: ['e1'] });
    expect(reaches(member, { enterpriseId: 'e1', userId: 'colleague' })).toBe(true);
    expect(reaches(member, { enterpriseId: 'e2' })).toBe(false);
    expect(reaches(member, { userId: 'enterprise-1' })).toBe(true);
  });
  it("staff reach their department's and halls' work", () => {
    const staff = person('staff', { department: 'gov', halls: ['h1', 'h2'] });
    expect(reaches(staff, { department: 'gov' })).toBe(true);
    expect(reaches(staff, { department: 'tax', halls: ['h2'] })).toBe(true);
    expect(reaches(staff, { department: 'tax', halls: ['h3'] })).toBe(false);
    expect(reaches(staff, { userId: 'x' })).toBe(false);
  });
  it('supervisors and admins reach everything', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      expect(reaches(person(role), { userId: 'x', department: 'y', enterpriseId: 'z' })).toBe(true);
    }
  });
  it('a missing record and an unreachable one are the same 404', () => {
    expect(decideResource(person('citizen'), undefined)).toEqual({ allow: false, code: 'NOT_FOUND' });
    expect(decideResource(person('citizen'), { userId: 'other' })).toEqual({
      allow: false,
      code: 'NOT_FOUND',
    });
  });
});
