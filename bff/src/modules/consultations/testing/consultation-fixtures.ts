import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../../app-deps';
import { publishItem } from '../../cases/testing/case-fixtures';
import { createDepartmentRepository } from '../../catalog/repositories/department.repository';

/** Test helpers for consultations: departments in the catalog, items, unique idempotency keys. */

export const TEST_DEPARTMENTS = [
  { code: 'dept-a', name: '测试甲局' },
  { code: 'dept-b', name: '测试乙局' },
  { code: 'dept-other', name: '其他局' },
];

export async function seedDepartments(deps: AppDeps, extra: Array<{ code: string; name: string }> = []) {
  await createDepartmentRepository(deps.mongo.connection).upsertMany([...TEST_DEPARTMENTS, ...extra]);
}

/** A published item of a department (with a hall, so its closures count). */
export function consultationItem(deps: AppDeps, departmentCode: string, name = '营业执照补办') {
  return publishItem(deps, {
    name,
    departmentCode,
    guide: { halls: [{ hallCode: 'HALL-ZX', windows: [] }] },
  });
}

export const newKey = () => `k-${randomBytes(8).toString('hex')}`;

export const QUESTION = '我的营业执照丢了，补办需要带哪些材料？需要本人到场吗？';
