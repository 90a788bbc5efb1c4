import {
  maskName,
  type BindEnterpriseRequest,
  type EnterpriseDetail,
  type EnterpriseMember,
  type MyMembership,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Ownership } from '../../auth/access/principal';
import { sendNow } from '../../notifications';
import type { UserRepository } from '../../users/repositories/user.repository';
import type { UserService } from '../../users/services/user.service';
import type { Enterprise, EnterpriseRepository, Membership } from '../repositories/enterprise.repository';
import { ENTERPRISE_NOTICES_QUEUE } from './enterprise-notices';

function toMyMembership(m: Membership, e: Enterprise, pendingRequests?: number): MyMembership {
  const isActiveAdmin = m.role === 'admin' && m.status === 'active';
  return {
    enterpriseId: e.id,
    creditCode: e.creditCode,
    enterpriseName: e.name,
    role: m.role,
    status: m.status,
    enterpriseVerified: e.verified,
    ...(!e.verified && m.role === 'admin' ? { licenceUploaded: Boolean(e.licence) } : {}),
    ...(isActiveAdmin ? { pendingRequests: pendingRequests ?? 0 } : {}),
  };
}

export function createEnterpriseService(deps: {
  enterprises: EnterpriseRepository;
  users: UserRepository;
  userService: UserService;
  /** After a join request was written: relays its outbox (the admins' subscribe message). */
  relayMembership?: (membershipId: string) => void;
}) {
  const { enterprises, users, userService } = deps;

  async function memberView(members: Membership[]): Promise<EnterpriseMember[]> {
    const people = new Map((await users.findByIds(members.map((m) => m.userId))).map((u) => [u.id, u]));
    return members.map((m) => {
      const person = people.get(m.userId);
      return {
        userId: m.userId,
        ...(person?.name ? { nameMasked: maskName(person.name) } : {}),
        ...(person?.phoneMasked ? { phoneMasked: person.phoneMasked } : {}),
        role: m.role,
        status: m.status,
        requestedAt: m.createdAt.toISOString(),
      };
    });
  }

  const joinNotice = (enterpriseId: string, userId: string) =>
    sendNow(ENTERPRISE_NOTICES_QUEUE, 'join-requested', { enterpriseId, userId });

  return {
    memberView,

    /** For the access policy: an enterprise's records belong to the enterprise. */
    async ownership(enterpriseId: string): Promise<Ownership | undefined> {
      const found = await enterprises.findById(enterpriseId);
      return found ? { enterpriseId: found.id } : undefined;
    },

    async myMemberships(userId: string): Promise<MyMembership[]> {
      const memberships = (await enterprises.membershipsOfUser(userId)).filter((m) => m.status !== 'removed');
      const byId = new Map(
        (await enterprises.findByIds(memberships.map((m) => m.enterpriseId))).map((e) => [e.id, e]),
      );
      const adminOf = memberships
        .filter((m) => m.role === 'admin' && m.status === 'active')
        .map((m) => m.enterpriseId);
      const counts = await enterprises.pendingCounts(adminOf);
      return memberships
        .filter((m) => byId.has(m.enterpriseId))
        .map((m) => toMyMembership(m, byId.get(m.enterpriseId)!, counts.get(m.enterpriseId)));
    },

    async activeEnterpriseIds(userId: string): Promise<string[]> {
      return (await enterprises.membershipsOfUser(userId))
        .filter((m) => m.status === 'active')
        .map((m) => m.enterpriseId);
    },

    /**
     * Binds the caller (who gave their real name) to a company. The first binder claims its admin
     * role: pending, granting nothing, until hall staff check the business licence they upload (or an
     * admin approves). Later binders wait for an active admin, who is told by a subscribe message.
     * Binding again answers the existing membership (a removed or rejected person asks again).
     */
    async bind(
      userId: string,
      request: BindEnterpriseRequest,
    ): Promise<{ membership: MyMembership; created: boolean }> {
      const person = await users.findById(userId);
      if (!person?.realNameAt) throw new AppError('ENTERPRISE_REAL_NAME_REQUIRED');
      const enterprise = await enterprises.findOrCreate(request.creditCode, request.name, userId);
      const isClaimant = enterprise.adminUserId === userId;
      const added = await enterprises.addMembership(
        {
          enterpriseId: enterprise.id,
          userId,
          role: isClaimant ? 'admin' : 'member',
          status: 'pending',
        },
        isClaimant ? [] : [joinNotice(enterprise.id, userId)],
      );
      if (added) {
        if (!isClaimant) deps.relayMembership?.(added.id);
        return { membership: toMyMembership(added, enterprise), created: true };
      }
      const reopened = await enterprises.reopenRequest(enterprise.id, userId, [
        joinNotice(enterprise.id, userId),
      ]);
      if (reopened) {
        deps.relayMembership?.(reopened.id);
        return { membership: toMyMembership(reopened, enterprise), created: true };
      }
      const existing = (await enterprises.findMembership(enterprise.id, userId))!;
      return { membership: toMyMembership(existing, enterprise), created: false };
    },

    async detail(enterpriseId: string): Promise<EnterpriseDetail> {
      const enterprise = await enterprises.findById(enterpriseId);
      if (!enterprise) throw new AppError('NOT_FOUND');
      return {
        id: enterprise.id,
        creditCode: enterprise.creditCode,
        name: enterprise.name,
        verified: enterprise.verified,
        members: await memberView(await enterprises.membersOf(enterpriseId)),
      };
    },

    /** An active admin member approves or rejects a pending member. */
    async decide(
      enterpriseId: string,
      actorId: string,
      memberUserId: string,
      decision: 'active' | 'rejected',
    ): Promise<EnterpriseMember> {
      const actor = await enterprises.findMembership(enterpriseId, actorId);
      if (!actor || actor.role !== 'admin' || actor.status !== 'active')
        throw new AppError('ENTERPRISE_ADMIN_REQUIRED');
      const decided = await enterprises.decide(enterpriseId, memberUserId, decision, actorId);
      if (!decided) {
        const existing = await enterprises.findMembership(enterpriseId, memberUserId);
        throw new AppError(existing ? 'MEMBERSHIP_NOT_PENDING' : 'MEMBER_NOT_FOUND');
      }
      if (decision === 'active') await userService.becomeEnterpriseUser(memberUserId);
      return (await memberView([decided]))[0];
    },
  };
}
export type EnterpriseService = ReturnType<typeof createEnterpriseService>;
