import { Types } from 'mongoose';
import type { AppDeps } from '../../../app';
import type { User } from '../../users/repositories/user.repository';
import { identityOf } from '../identity';
import { createPerson, makeCreditCode } from './identity-fixtures';

/**
 * For the authorization matrix: how to make, for a caller, a record of each resource kind that is
 * theirs (`own`) and one that is somebody else's (`other`), as the values of the route's path
 * parameters. A module that adds a route with `policy.resource.kind = 'x'` adds `x` here; the
 * matrix test fails until it does.
 */
export type ResourceFixture = (
  deps: AppDeps,
  caller: User,
) => Promise<{ own: Record<string, string>; other: Record<string, string> }>;

export const resourceFixtures: Record<string, ResourceFixture> = {
  /** A person's record: the caller's own account, and another citizen's. */
  user: async (deps, caller) => {
    const other = await createPerson(deps, 'citizen');
    return { own: { id: caller.id }, other: { id: other.id } };
  },

  /** An enterprise: the one the caller belongs to (a new one for roles that reach all), and a stranger's. */
  enterprise: async (deps, caller) => {
    const identity = identityOf(deps);
    const stranger = await createPerson(deps, 'citizen');
    const bindFor = async (userId: string) =>
      (await identity.enterpriseService.bind(userId, { creditCode: makeCreditCode(), name: '矩阵测试企业' }))
        .membership.enterpriseId;
    const [mine] = await identity.enterpriseService.activeEnterpriseIds(caller.id);
    const own = mine ?? (await bindFor((await createPerson(deps, 'citizen')).id));
    const other = await bindFor(stranger.id);
    // Other path parameters (e.g. `:userId` of a member) get an id that names nobody.
    const nobody = new Types.ObjectId().toHexString();
    return { own: { id: own, userId: nobody }, other: { id: other, userId: nobody } };
  },
};
