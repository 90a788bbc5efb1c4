import {
  maskName,
  type BindEnterpriseRequest,
  type EnterpriseDetail,
  type EnterpriseMember,
  type MyMembership,
} from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Ownership } from '../../auth/access/principal';
import type { UserRepository } from '../../users/repositories/user.repository';
import type { UserService } from '../../users/services/user.service';
import type { Enterprise, EnterpriseRepository, Membership } from '../repositories/enterprise.repository';

function toMyMembership(m: Membership, e: Enterprise): MyMembership {
  return {
    enterpriseId: e.id,
    creditCode: e.creditCode,
    enterpriseName: e.name,
    role: m.role,
    status: m.status,
  };
}

export function createEnterpriseService(deps: {
  enterprises: EnterpriseRepository;
  users: UserRepository;
  userService: UserService;
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

  return {
    /** For the access policy: an enterprise's records belong to the enterprise. */
    async ownership(enterpriseId: string): Promise<Ownership | undefined> {
      const found = await enterprises.findById(enterpriseId);
      return found ? { enterpriseId: found.id } : undefined;
    },

    async myMemberships(userId: string): Promise<MyMembership[]> {
      const memberships = await enterprises.membershipsOfUser(userId);
      const byId = new Map(
        (await enterprises.findByIds(memberships.map((m) => m.enterpriseId))).map((e) => [e.id, e]),
      );
      return memberships
        .filter((m) => byId.has(m.enterpriseId))
        .map((m) => toMyMembership(m, byId.get(m.enterpriseId)!));
    },

    async activeEnterpriseIds(userId: string): Promise<string[]> {
      return (await enterprises.membershipsOfUser(userId))
        .filter((m) => m.status === 'active')
        .map((m) => m.enterpriseId);
    },

    /**
     * Binds the caller to a company. The first binder becomes its admin (active at once); later
     * binders wait for the admin. Binding again answers the existing membership.
     */
    async bind(
      userId: string,
      request: BindEnterpriseRequest,
    ): Promise<{ membership: MyMembership; created: boolean }> {
      const enterprise = await enterprises.findOrCreate(request.creditCode, request.name, userId);
      const isAdmin = enterprise.adminUserId === userId;
      const added = await enterprises.addMembership({
        enterpriseId: enterprise.id,
        userId,
        role: isAdmin ? 'admin' : 'member',
        status: isAdmin ? 'active' : 'pending',
      });
      if (!added) {
        const existing = (await enterprises.findMembership(enterprise.id, userId))!;
        return { membership: toMyMembership(existing, enterprise), created: false };
      }
      if (added.status === 'active') await userService.becomeEnterpriseUser(userId);
      return { membership: toMyMembership(added, enterprise), created: true };
    },

    async detail(enterpriseId: string): Promise<EnterpriseDetail> {
      const enterprise = await enterprises.findById(enterpriseId);
      if (!enterprise) throw new AppError('NOT_FOUND');
      return {
        id: enterprise.id,
        creditCode: enterprise.creditCode,
        name: enterprise.name,
        members: await memberView(await enterprises.membersOf(enterpriseId)),
      };
    },

    /** The enterprise's admin member approves or rejects a pending member. */
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
