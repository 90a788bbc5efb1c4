import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from './demo-accounts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('demo accounts', () => {
  it('are created once, and a second run changes nothing', async () => {
    expect(await seedDemoAccounts(env.deps)).toEqual(DEMO_ACCOUNTS.map((a) => a.username));
    expect(await seedDemoAccounts(env.deps)).toEqual([]);
  });

  it('can sign in to the staff workbench with the documented password', async () => {
    const res = await request(env.callback)
      .post('/api/auth/staff-login')
      .send({ username: 'demo.window', password: DEMO_PASSWORD })
      .expect(200);
    const me = await request(env.callback)
      .get('/api/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    expect(me.body.role ?? me.body.user?.role).toBe('staff');
  });
});
