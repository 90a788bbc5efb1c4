import { Types } from 'mongoose';
import type { AppDeps } from '../../../app-deps';
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

/**
 * Cases (办件): for applicants their own case (an enterprise user's: one filed for their
 * enterprise); for staff a case of their department; for supervisors and admins any case. `other`:
 * a stranger's case of another department and hall. `fileId` names no file (a valid id).
 */
async function caseFixtures(deps: AppDeps, caller: User) {
  const { casesOf } = await import('../../cases/cases.module');
  const fixtures = await import('../../cases/testing/case-fixtures');
  const service = casesOf(deps).service;
  const mine = caller.role === 'staff' ? (caller.department ?? 'dept-a') : 'dept-a';
  const ownItem = await fixtures.publishItem(deps, {
    departmentCode: mine,
    guide: { halls: [{ hallCode: 'HALL-MX', windows: [] }] },
  });
  const otherItem = await fixtures.publishItem(deps, {
    departmentCode: 'dept-other',
    guide: { halls: [{ hallCode: 'HALL-OTHER', windows: [] }] },
  });
  let ownApplicant = (await fixtures.person(deps, 'citizen')).principal;
  let onBehalfOf: string | undefined;
  if (caller.role === 'citizen' || caller.role === 'enterprise') {
    await identityOf(deps).userService.setRealNameProfile(caller.id, {
      name: '矩阵用户',
      idNumber: '230103199003071238',
      phone: '13812345678',
    });
    ownApplicant = await fixtures.principalOf(deps, caller);
    onBehalfOf = caller.role === 'enterprise' ? ownApplicant.enterprises[0] : undefined;
  }
  const own = await fixtures.fileCase(deps, ownApplicant, ownItem, onBehalfOf);
  const stranger = (await fixtures.person(deps, 'citizen')).principal;
  const other = await fixtures.fileCase(deps, stranger, otherItem);
  return { own, other, service };
}

resourceFixtures.case = async (deps, caller) => {
  const { own, other } = await caseFixtures(deps, caller);
  const nobody = new Types.ObjectId().toHexString();
  return { own: { id: own.id, fileId: nobody }, other: { id: other.id, fileId: nobody } };
};

/** Parallel tasks (并联审批): one for the caller's department (staff), one for a department of nobody's. */
resourceFixtures['case-task'] = async (deps, caller) => {
  const { casesOf } = await import('../../cases/cases.module');
  const fixtures = await import('../../cases/testing/case-fixtures');
  const service = casesOf(deps).service;
  const makeTask = async (lead: string, taskDepartment: string) => {
    const item = await fixtures.publishItem(deps, { departmentCode: lead });
    const applicant = (await fixtures.person(deps, 'citizen')).principal;
    const filed = await fixtures.fileCase(deps, applicant, item);
    const leadStaff = (await fixtures.person(deps, 'staff', { department: lead })).principal;
    await service.prereview(leadStaff, filed.id, { result: 'pass' });
    const accepted = await service.accept(leadStaff, filed.id, {
      coDepartments: [{ department: taskDepartment }],
    });
    return String(accepted.after.tasks[0]._id);
  };
  const mine = caller.role === 'staff' ? (caller.department ?? 'dept-a') : 'dept-a';
  return {
    own: { taskId: await makeTask('dept-lead', mine) },
    other: { taskId: await makeTask('dept-lead', 'dept-other') },
  };
};

/**
 * Appointments (预约): for citizens and enterprise users their own booking; for staff a stranger's
 * booking at the caller's hall (staff routes check the hall); for supervisors and admins any.
 * `other`: a stranger's booking at a hall nobody works at. Waiting-list routes use the same kind (an
 * entry's id is its booking attempt's id).
 */
resourceFixtures.appointment = async (deps, caller) => {
  const { insertBooking } = await import('../../appointments/testing/http-fixtures');
  const stranger = await createPerson(deps, 'citizen');
  const ownBooking =
    caller.role === 'staff'
      ? await insertBooking(deps, { personId: stranger.id, hallCode: caller.halls?.[0] ?? 'hall-a' })
      : await insertBooking(deps, { personId: caller.id });
  const other = await insertBooking(deps, { personId: stranger.id, hallCode: 'HALL-NOBODY' });
  return { own: { id: ownBooking._id.toHexString() }, other: { id: other._id.toHexString() } };
};

/**
 * Complaints (投诉): for people their own complaint; for staff one their department leads; for
 * supervisors and admins any. `other`: a stranger's complaint led by a department nobody works in.
 */
resourceFixtures.complaint = async (deps, caller) => {
  const { insertComplaint } = await import('../../complaints/testing/complaint-fixtures');
  const stranger = await createPerson(deps, 'citizen');
  const own = await insertComplaint(deps, {
    filerId: caller.role === 'citizen' || caller.role === 'enterprise' ? caller.id : stranger.id,
    status: 'handling',
    leadDepartment: caller.role === 'staff' ? (caller.department ?? 'dept-a') : 'dept-a',
  });
  const other = await insertComplaint(deps, {
    filerId: stranger.id,
    status: 'handling',
    leadDepartment: 'dept-other',
  });
  const nobody = new Types.ObjectId().toHexString();
  return {
    own: { id: String(own._id), fileId: nobody, supervisionId: nobody },
    other: { id: String(other._id), fileId: nobody, supervisionId: nobody },
  };
};
