import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { publishItem } from '../../cases/testing/case-fixtures';
import { outboxOf } from '../../notifications';
import { seedDemoAccounts } from '../../users/demo/demo-accounts';
import { ratingsOf } from '../ratings.module';
import { seedDemoRatings } from './seed-ratings';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn' });
  for (const department of ['ZRZY', 'SCJG', 'GA'])
    await publishItem(env.deps, { departmentCode: department });
  await seedDemoAccounts(env.deps);
});
afterAll(async () => {
  await outboxOf(env.deps).close();
  await env.close();
});

it('seeds a few hundred ratings once, bad ones with rectifications in every state, figures consistent', async () => {
  const started = Date.now();
  const n = await seedDemoRatings(env.deps);
  const seedMs = Date.now() - started;
  expect(n).toBeGreaterThan(300);
  expect(await seedDemoRatings(env.deps)).toBe(0);
  const { repos, figures } = ratingsOf(env.deps);
  const rects = await repos.rectifications.list({}, 1000);
  expect(new Set(rects.map((r) => r.status))).toEqual(
    new Set(['awaiting_callback', 'awaiting_rectification', 'rectified']),
  );
  expect(rects.some((r) => r.callbackOverdue)).toBe(true);
  expect(rects.some((r) => r.rectifyOverdue)).toBe(true);
  expect(rects.some((r) => r.reRating)).toBe(true);
  // The roll-up agrees with an aggregation over the ratings themselves; time both.
  const t0 = Date.now();
  const table = await figures.table({ by: 'department' });
  const rollupMs = Date.now() - t0;
  const t1 = Date.now();
  const direct = await repos.ratings.aggregateCounts({}, 'served.department');
  const aggregateMs = Date.now() - t1;
  for (const row of direct) {
    const mine = table.rows.find((r) => r.key === row._id)!;
    expect(mine.total).toBe(row.total);
    expect(mine.satisfied).toBe(row.satisfied);
  }
  expect(table.rectifications.total).toBe(rects.length);
  // Public figures: a hall's from the roll-up; GET /api/items/:code with its satisfaction, cached.
  expect((await figures.ofHall('HALL-SZ')).count).toBeGreaterThan(0);
  const code = (await repos.ratings.list({ 'served.department': 'ZRZY' }, 1))[0]!.served.itemCode!;
  const first = await request(env.callback).get(`/api/items/${code}`);
  expect(first.body.satisfaction.count).toBeGreaterThan(0);
  const t2 = Date.now();
  for (let i = 0; i < 50; i++) await request(env.callback).get(`/api/items/${code}`).expect(200);
  const itemMs = (Date.now() - t2) / 50;
  console.log(`GET /api/items/:code with satisfaction (cached): ${itemMs.toFixed(1)} ms per request`);
  console.log(
    `demo seed ${n} ratings in ${seedMs} ms; by department: roll-up ${rollupMs} ms, aggregation ${aggregateMs} ms`,
  );
});
