import { randomBytes } from 'node:crypto';
import type { Role } from '@app/shared';
import type { AppDeps } from '../../../app-deps';
import type { Principal } from '../../auth/access/principal';
import { identityOf } from '../../auth/identity';
import { createPerson, makeIdNumber, signIn, type PersonOptions } from '../../auth/testing/identity-fixtures';
import { createServiceItemRepository } from '../../catalog/repositories/service-item.repository';
import { toItemContent } from '../../catalog/services/item-content';
import { fixtureItem, type FixtureOverrides } from '../../catalog/testing/fixtures';
import type { User } from '../../users/repositories/user.repository';
import { Types } from 'mongoose';
import { casesOf } from '../cases.module';
import type { CaseRecord } from '../models/case.model';

/** Test helpers for cases: published items, verified applicants, principals, cases in any state. */

export const APPLICANT_NAME = '张三丰';

/** Publishes an item straight into the catalog's store (no import file); answers its code. */
export async function publishItem(deps: AppDeps, overrides: Partial<FixtureOverrides> = {}): Promise<string> {
  const code = overrides.code ?? `JX-T${randomBytes(3).toString('hex').toUpperCase()}-0001`;
  const item = fixtureItem({
    name: '测试事项',
    departmentCode: 'dept-a',
    departmentName: '测试局',
    ...overrides,
    code,
  });
  await createServiceItemRepository(deps.mongo.connection).upsertContents(
    [toItemContent({ ...item, row: 0 })],
    {
      insertAs: { status: 'published', batch: 'test', publishedAt: new Date() },
    },
  );
  return code;
}

/** The caller as the access middleware would see them. */
export async function principalOf(deps: AppDeps, user: User): Promise<Principal> {
  const identity = identityOf(deps);
  const fresh = (await identity.users.findById(user.id))!;
  return {
    userId: fresh.id,
    role: fresh.role as Role,
    sessionId: 'test',
    ...(fresh.department ? { department: fresh.department } : {}),
    halls: fresh.halls ?? [],
    duties: fresh.duties ?? [],
    enterprises: await identity.enterpriseService.activeEnterpriseIds(fresh.id),
  };
}

/** A person of this role with a verified real name (citizens and enterprise users), signed in. */
export async function person(
  deps: AppDeps,
  role: Role,
  options: PersonOptions & { name?: string; idNumber?: string } = {},
) {
  const user = await createPerson(deps, role, options);
  if (role === 'citizen' || role === 'enterprise') {
    await identityOf(deps).userService.setRealNameProfile(user.id, {
      name: options.name ?? APPLICANT_NAME,
      idNumber: options.idNumber ?? makeIdNumber('19900307', String(100 + Math.floor(Math.random() * 800))),
      phone: '13812345678',
    });
  }
  const session = await signIn(deps, user);
  return { user, header: session.header, principal: await principalOf(deps, user) };
}

/** A new case of `applicant` for the item (submitted). */
export async function fileCase(deps: AppDeps, applicant: Principal, itemCode: string, onBehalfOf?: string) {
  return casesOf(deps).service.apply(applicant, { itemCode, ...(onBehalfOf ? { onBehalfOf } : {}) });
}

let rawCaseSeq = 0;

/**
 * A case document as the cases module stores it, for tests that write the collection directly (the
 * 督查 figures and roll-ups): every required field, a unique number, `o` over it.
 */
export function rawCaseDoc(o: Record<string, unknown> = {}): CaseRecord {
  return {
    _id: new Types.ObjectId(),
    number: `JX-20260101-9${String(++rawCaseSeq).padStart(5, '0')}`,
    itemName: '事项',
    halls: [],
    maxTrips: 1,
    promisedLimitDays: 5,
    applicantId: 'p1',
    verify: { nameHashes: [] },
    version: 0,
    formFields: {},
    materials: [],
    corrections: [],
    tasks: [],
    trips: [],
    timeline: [],
    pauses: [],
    createdAt: new Date(),
    updatedAt: new Date(),
    ...o,
  } as unknown as CaseRecord;
}
