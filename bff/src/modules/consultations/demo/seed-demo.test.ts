import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { publishItem } from '../../cases/testing/case-fixtures';
import { createDepartmentRepository } from '../../catalog/repositories/department.repository';
import { seedDemoAccounts } from '../../users/demo/demo-accounts';
import { consultationsOf } from '../consultations.module';
import { seedDemoConsultations } from './seed-demo';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(() => env.close());

it('seeds FAQ entries, the desk account and consultations in every state (some overdue), once', async () => {
  const departments = ['SCJG', 'ZRZY', 'GA', 'XZSP', 'RSJ', 'GJJ'];
  await createDepartmentRepository(env.deps.mongo.connection).upsertMany(
    departments.map((code) => ({ code, name: `${code}局` })),
  );
  for (const code of departments)
    for (let i = 0; i < 3; i++)
      await publishItem(env.deps, { departmentCode: code, name: `${code}事项${i}` });
  await seedDemoAccounts(env.deps);

  await seedDemoConsultations(env.deps);
  const c = consultationsOf(env.deps);
  expect(await c.faqRepo.count({ status: 'published' })).toBe((4 * 2 + 2) * 4);
  expect((await c.faq.search({ q: 'weituo', limit: 5 })).items.length).toBeGreaterThan(0);
  const total = await c.repo.count({});
  expect(total).toBeGreaterThanOrEqual(30);
  const counts = await Promise.all(
    [
      'submitted',
      'claimed',
      'info_requested',
      'transferred',
      'answered',
      'follow_up',
      'resolved',
      'closed',
    ].map((status) => c.repo.count({ status })),
  );
  expect(counts.every((n) => n > 0)).toBe(true);
  // Some ran out of time already: their due instant is past (the worker marks them when it runs).
  expect(await c.repo.count({ dueAt: { $lt: new Date() } })).toBeGreaterThan(0);
  expect(await c.repo.count({ department: { $exists: false } })).toBeGreaterThan(0);

  await seedDemoConsultations(env.deps);
  expect(await c.repo.count({})).toBe(total);
});
