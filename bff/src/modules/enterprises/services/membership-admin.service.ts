import type { EnterpriseAdminsRequest, EnterpriseMember } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { UserService } from '../../users/services/user.service';
import type { EnterpriseRepository, Membership } from '../repositories/enterprise.repository';
import type { EnterpriseService } from './enterprise.service';

/**
 * Members leave, admins remove them, and admins hand over or share their role. A membership that ends
 * takes effect at once: the person's access tokens carry their enterprises, so their session version
 * is bumped (the next request answers 401, a refresh gets the new claims) and every enterprise record
 * stops reaching them. Each change is one conditional single-document update; a hand-over promotes the
 * new admin before demoting the old one, so an enterprise never has no admin.
 */
export function createMembershipAdminService(deps: {
  enterprises: EnterpriseRepository;
  userService: UserService;
  enterpriseService: EnterpriseService;
}) {
  const { enterprises, userService, enterpriseService } = deps;

  async function requireAdmin(enterpriseId: string, actorId: string): Promise<Membership> {
    const actor = await enterprises.findMembership(enterpriseId, actorId);
    if (!actor || actor.role !== 'admin' || actor.status !== 'active')
      throw new AppError('ENTERPRISE_ADMIN_REQUIRED', '只有企业管理员可以管理成员');
    return actor;
  }

  async function ended(userId: string): Promise<void> {
    const stillActive = (await enterprises.membershipsOfUser(userId)).filter((m) => m.status === 'active');
    await userService.leftEnterprise(userId, stillActive.length);
  }

  return {
    /** An admin removes a member (pending or active; another admin too). Not oneself: that is leaving. */
    async remove(
      enterpriseId: string,
      actorId: string,
      memberUserId: string,
    ): Promise<{ before: Membership; after: EnterpriseMember }> {
      await requireAdmin(enterpriseId, actorId);
      if (memberUserId === actorId) throw new AppError('CONFLICT', '不能移除自己，请使用“退出企业”');
      const before = await enterprises.findMembership(enterpriseId, memberUserId);
      if (!before || before.status === 'removed' || before.status === 'rejected')
        throw new AppError('MEMBER_NOT_FOUND', '未找到该成员');
      const removed = await enterprises.changeMembership(
        enterpriseId,
        memberUserId,
        { status: [before.status], role: before.role },
        { status: 'removed', role: 'member' },
        actorId,
      );
      if (!removed) throw new AppError('CONFLICT', '该成员的状态刚刚改变，请刷新后重试');
      await ended(memberUserId);
      return { before, after: (await enterpriseService.memberView([removed]))[0] };
    },

    /** A member leaves. The last active admin must hand over first. */
    async leave(enterpriseId: string, userId: string): Promise<Membership> {
      const me = await enterprises.findMembership(enterpriseId, userId);
      if (!me || (me.status !== 'active' && me.status !== 'pending'))
        throw new AppError('MEMBER_NOT_FOUND', '您不是该企业的成员');
      if (me.role === 'admin' && me.status === 'active') {
        const admins = await enterprises.activeAdmins(enterpriseId);
        if (admins.length <= 1) throw new AppError('ENTERPRISE_LAST_ADMIN');
      }
      const left = await enterprises.changeMembership(
        enterpriseId,
        userId,
        { status: [me.status], role: me.role },
        { status: 'removed', role: 'member' },
        userId,
      );
      if (!left) throw new AppError('CONFLICT', '您的成员状态刚刚改变，请刷新后重试');
      // Two admins leaving at once: the second one re-checks and, if it left none, takes it back.
      if (me.role === 'admin' && (await enterprises.activeAdmins(enterpriseId)).length === 0) {
        await enterprises.changeMembership(
          enterpriseId,
          userId,
          { status: ['removed'] },
          { status: 'active', role: 'admin' },
          userId,
        );
        throw new AppError('ENTERPRISE_LAST_ADMIN');
      }
      await ended(userId);
      return me;
    },

    /** `handover`: the member becomes admin and the caller a member; `share`: the member becomes an admin too. */
    async setAdmin(
      enterpriseId: string,
      actorId: string,
      body: EnterpriseAdminsRequest,
    ): Promise<{ members: EnterpriseMember[] }> {
      await requireAdmin(enterpriseId, actorId);
      if (body.userId === actorId) throw new AppError('CONFLICT', '请选择其他成员');
      const target = await enterprises.findMembership(enterpriseId, body.userId);
      if (!target || target.status === 'removed' || target.status === 'rejected')
        throw new AppError('MEMBER_NOT_FOUND', '未找到该成员');
      if (target.status !== 'active') throw new AppError('MEMBER_NOT_ACTIVE');
      if (target.role !== 'admin') {
        const promoted = await enterprises.changeMembership(
          enterpriseId,
          body.userId,
          { status: ['active'], role: 'member' },
          { role: 'admin' },
          actorId,
        );
        if (!promoted) throw new AppError('CONFLICT', '该成员的状态刚刚改变，请刷新后重试');
      }
      if (body.mode === 'handover') {
        await enterprises.changeMembership(
          enterpriseId,
          actorId,
          { status: ['active'], role: 'admin' },
          { role: 'member' },
          actorId,
        );
      }
      return { members: await enterpriseService.memberView(await enterprises.membersOf(enterpriseId)) };
    },
  };
}
export type MembershipAdminService = ReturnType<typeof createMembershipAdminService>;
