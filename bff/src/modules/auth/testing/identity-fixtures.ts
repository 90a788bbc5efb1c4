import { randomBytes } from 'node:crypto';
import { creditCodeCheckChar, idNumberCheckChar, type Role, type StaffDuty } from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import type { User } from '../../users/repositories/user.repository';
import { identityOf } from '../identity';

/**
 * Test helpers for people, sessions and valid identifiers. They use the services directly (no HTTP),
 * so a test can have a signed-in person of any role in one line.
 */

export const PASSWORD = 'correct-horse-42';

/** A unique, valid 统一社会信用代码. */
export function makeCreditCode(): string {
  const body = `91330100${randomBytes(5)
    .toString('hex')
    .toUpperCase()
    .replace(/[IOSVZ]/g, '1')
    .slice(0, 9)}`;
  return body + creditCodeCheckChar(body);
}

/** A valid resident ID number born on the given date (YYYYMMDD). */
export function makeIdNumber(birth = '19900307', seq = '123'): string {
  const first17 = `230103${birth}${seq}`;
  return first17 + idNumberCheckChar(first17);
}

export interface PersonOptions {
  department?: string;
  halls?: string[];
  username?: string;
  duties?: StaffDuty[];
}

/**
 * A verified enterprise with `adminUserId` as its active admin (as after hall staff checked the
 * licence), without the HTTP steps: binding, upload, verification. Answers the enterprise id.
 */
export async function createVerifiedEnterprise(
  deps: AppDeps,
  adminUserId: string,
  name = '测试企业',
  creditCode = makeCreditCode(),
): Promise<string> {
  const identity = identityOf(deps);
  const enterprise = await identity.enterprises.findOrCreate(creditCode, name, adminUserId);
  await identity.enterprises.markVerified(enterprise.id, adminUserId);
  await identity.enterprises.addMembership({
    enterpriseId: enterprise.id,
    userId: adminUserId,
    role: 'admin',
    status: 'active',
  });
  await identity.userService.becomeEnterpriseUser(adminUserId);
  return enterprise.id;
}

/** A person of this role: WeChat users get a random openid; enterprise users admin a fresh enterprise. */
export async function createPerson(deps: AppDeps, role: Role, options: PersonOptions = {}): Promise<User> {
  const identity = identityOf(deps);
  const suffix = randomBytes(4).toString('hex');
  if (role === 'citizen' || role === 'enterprise') {
    const user = await identity.users.upsertWechatUser(`test-openid-${suffix}`, undefined);
    if (role === 'citizen') return user;
    await createVerifiedEnterprise(deps, user.id, `测试企业${suffix}`);
    return (await identity.users.findById(user.id))!;
  }
  return identity.userService.createAccount({
    role,
    username: options.username ?? `${role}-${suffix}`,
    password: PASSWORD,
    name: `测试${role}`,
    ...(role === 'staff' ? { department: options.department ?? 'dept-a' } : {}),
    halls: options.halls ?? (role === 'staff' ? ['hall-a'] : []),
    duties: role === 'staff' ? (options.duties ?? []) : [],
  });
}

/** A fresh session for the person, as a login would give. */
export async function signIn(deps: AppDeps, user: User) {
  const session = await identityOf(deps).auth.startSession(user);
  return { ...session, header: `Bearer ${session.accessToken}` };
}

/** A person of this role and a session of theirs. */
export async function signedIn(deps: AppDeps, role: Role, options: PersonOptions = {}) {
  const user = await createPerson(deps, role, options);
  const session = await signIn(deps, user);
  return { ...session, me: session.user, user };
}
