import {
  maskIdNumber,
  maskName,
  maskPhone,
  type CreateUserRequest,
  type MeResponse,
  type MyMembership,
  type RealNameProfileRequest,
  type UpdateUserRequest,
  type UserSummary,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { SessionStore } from '../../auth/tokens/session-store';
import type { User, UserPatch, UserRepository } from '../repositories/user.repository';
import { hashPassword } from './passwords';
import type { PiiVault } from './pii-vault';

/** What an audit entry may say about an account: no name, ID number or phone in clear. */
export function accountAuditSummary(user: User): Record<string, unknown> {
  return {
    role: user.role,
    status: user.status,
    ...(user.username ? { username: user.username } : {}),
    ...(user.name ? { name: maskName(user.name) } : {}),
    ...(user.department ? { department: user.department } : {}),
    halls: user.halls,
    duties: user.duties,
  };
}

export function createUserService(deps: { users: UserRepository; vault: PiiVault; sessions: SessionStore }) {
  const { users, vault, sessions } = deps;

  return {
    /** The owner's own view: the only one with the ID number and phone in full. */
    meView(user: User, memberships: MyMembership[]): MeResponse {
      return {
        id: user.id,
        role: user.role,
        ...(user.name ? { name: user.name } : {}),
        ...(user.username ? { username: user.username } : {}),
        ...(user.idNumberEnc ? { idNumber: vault.decrypt(user.idNumberEnc) } : {}),
        ...(user.idNumberMasked ? { idNumberMasked: user.idNumberMasked } : {}),
        ...(user.phoneEnc ? { phone: vault.decrypt(user.phoneEnc) } : {}),
        ...(user.phoneMasked ? { phoneMasked: user.phoneMasked } : {}),
        realNameVerified: Boolean(user.realNameAt),
        ...(user.department ? { department: user.department } : {}),
        halls: user.halls,
        duties: user.duties,
        enterprises: memberships,
      };
    },

    /** Anybody else's view of a person: masked. Staff accounts show their name (it is on their badge). */
    summary(user: User): UserSummary {
      const isAccount = user.role === 'staff' || user.role === 'supervisor' || user.role === 'admin';
      return {
        id: user.id,
        role: user.role,
        status: user.status as UserSummary['status'],
        ...(user.username ? { username: user.username } : {}),
        ...(user.name ? { name: isAccount ? user.name : maskName(user.name) } : {}),
        ...(user.idNumberMasked ? { idNumberMasked: user.idNumberMasked } : {}),
        ...(user.phoneMasked ? { phoneMasked: user.phoneMasked } : {}),
        ...(user.department ? { department: user.department } : {}),
        halls: user.halls,
        duties: user.duties,
        createdAt: ((user as { createdAt?: Date }).createdAt ?? new Date(0)).toISOString(),
      };
    },

    async setRealNameProfile(userId: string, profile: RealNameProfileRequest): Promise<User> {
      const updated = await users.update(userId, {
        name: profile.name,
        idNumberEnc: vault.encrypt(profile.idNumber),
        idNumberHash: vault.hash(profile.idNumber),
        idNumberMasked: maskIdNumber(profile.idNumber),
        phoneEnc: vault.encrypt(profile.phone),
        phoneHash: vault.hash(profile.phone),
        phoneMasked: maskPhone(profile.phone),
        realNameAt: new Date(),
      });
      if (!updated) throw new AppError('UNAUTHENTICATED');
      return updated;
    },

    /** Staff, supervisor and admin accounts (from the admin API and `npm run user:create`). */
    async createAccount(input: CreateUserRequest): Promise<User> {
      const created = await users.createAccount({
        role: input.role,
        username: input.username,
        passwordHash: await hashPassword(input.password),
        name: input.name,
        ...(input.department ? { department: input.department } : {}),
        halls: input.halls ?? [],
        duties: input.role === 'staff' ? (input.duties ?? []) : [],
      });
      if (!created) {
        throw new AppError('USERNAME_TAKEN', undefined, {
          fields: [{ path: 'body.username', message: '该用户名已被使用' }],
        });
      }
      return created;
    },

    /**
     * Role, department, halls, duties or status. Any change ends every session of the person, so their
     * old permissions stop at once (they log in again).
     */
    async updateAccount(id: string, change: UpdateUserRequest): Promise<{ before: User; after: User }> {
      const before = await users.findById(id);
      if (!before) throw new AppError('NOT_FOUND');
      const patch: UserPatch = {};
      const unset: 'department'[] = [];
      if (change.role) patch.role = change.role;
      if (change.status) patch.status = change.status;
      if (change.halls) patch.halls = change.halls;
      if (change.duties) patch.duties = change.duties;
      if (change.department === null) unset.push('department');
      else if (change.department) patch.department = change.department;
      const after = (await users.update(id, patch, unset))!;
      await sessions.revokeUser(id);
      return { before, after };
    },

    /**
     * A membership ended (left, removed): the person's access tokens stop at once (their claims name
     * the enterprise); with no active membership left they are a citizen again. A refresh picks up
     * the new claims.
     */
    async leftEnterprise(userId: string, stillActiveMemberships: number): Promise<void> {
      const user = await users.findById(userId);
      if (user?.role === 'enterprise' && stillActiveMemberships === 0)
        await users.update(userId, { role: 'citizen' });
      await sessions.bumpVersion(userId);
    },

    /** Promotes a citizen whose enterprise membership became active; their old tokens stop. */
    async becomeEnterpriseUser(userId: string): Promise<void> {
      const user = await users.findById(userId);
      if (user?.role === 'citizen') await users.update(userId, { role: 'enterprise' });
      await sessions.bumpVersion(userId);
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;
