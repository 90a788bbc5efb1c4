import { COMPLAINT_STATUSES } from '@app/shared';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { publishItem } from '../../cases/testing/case-fixtures';
import { todayInChina } from '../../calendar';
import { complaintModel } from '../models/complaint.model';
import { DEMO_COMPLAINT_ACCOUNTS, seedDemoComplaints } from './seed-demo';

/** The demo seed: ~50 complaints in every status, some overdue, one repeat, one anonymous 举报; once. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
});
afterAll(() => env.close());

it('seeds every status once, with overdue ones, a repeat, an anonymous 举报 and the duty accounts', async () => {
  await publishItem(env.deps, { departmentCode: 'SCJG' });
  await publishItem(env.deps, { departmentCode: 'ZRZY' });
  const made = await seedDemoComplaints(env.deps);
  expect(made).toBeGreaterThanOrEqual(45);
  const Complaints = complaintModel(env.mongo.connection);
  for (const status of COMPLAINT_STATUSES)
    expect(await Complaints.countDocuments({ status })).toBeGreaterThan(0);
  const today = todayInChina();
  expect(await Complaints.countDocuments({ status: 'handling', dueDate: { $lt: today } })).toBeGreaterThan(0);
  expect(await Complaints.countDocuments({ repeatOf: { $exists: true } })).toBe(1);
  expect(await Complaints.countDocuments({ anonymous: true, kind: 'report' })).toBe(1);
  expect(await Complaints.countDocuments({ 'outbox.0': { $exists: true } })).toBeGreaterThan(0);
  const { identityOf } = await import('../../auth/identity');
  for (const a of DEMO_COMPLAINT_ACCOUNTS)
    expect(await identityOf(env.deps).users.findByUsername(a.username)).toBeDefined();
  expect(await seedDemoComplaints(env.deps)).toBe(0);
});
