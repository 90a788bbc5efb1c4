import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { createPerson, PASSWORD } from './testing/identity-fixtures';

/**
 * Issue 15 item 5: five wrong passwords must not be a switch anybody can use to lock a colleague
 * out. Addresses come from X-Forwarded-For behind one trusted proxy (TRUST_PROXY_HOPS=1).
 */

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({
    LOG_LEVEL: 'silent',
    TRUST_PROXY_HOPS: '1',
    LOGIN_MAX_FAILURES: '5',
    LOGIN_LOCK_SECONDS: '900',
    LOGIN_ACCOUNT_LOCK_ADDRESSES: '3',
    LOGIN_ACCOUNT_LOCK_SECONDS: '300',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
  });
});
afterAll(() => env.close());

const login = (username: string, password: string, from: string) =>
  request(env.callback)
    .post('/api/auth/staff-login')
    .set('X-Forwarded-For', from)
    .send({ username, password });
const fail = (username: string, from: string) => login(username, 'wrong-password-1', from);

it('five failures from one address lock only that address out of the account; the owner elsewhere gets in and is told', async () => {
  await createPerson(env.deps, 'staff', { username: 'chen.qi' });
  for (let i = 0; i < 4; i++) await fail('chen.qi', '203.0.113.66').expect(401);
  const fifth = await fail('chen.qi', '203.0.113.66').expect(423);
  expect(fifth.body.error).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { scope: 'address' } });
  expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(890);
  // The attacker's address stays out, even with the right password…
  expect((await login('chen.qi', PASSWORD, '203.0.113.66')).status).toBe(423);
  // …while the owner at their own desk logs in, and learns of the five failures once.
  const owner = await login('chen.qi', PASSWORD, '10.20.0.5').expect(200);
  expect(owner.body.failedLogins).toEqual({
    count: 5,
    lastAt: expect.any(String),
    addresses: 1,
  });
  expect(Date.now() - Date.parse(owner.body.failedLogins.lastAt)).toBeLessThan(60_000);
  const again = await login('chen.qi', PASSWORD, '10.20.0.5').expect(200);
  expect(again.body.failedLogins).toBeUndefined();
});

it('the account-wide lock needs failures from several addresses, and is shorter', async () => {
  await createPerson(env.deps, 'staff', { username: 'sun.ba' });
  // Two addresses, four failures each: no address is locked, nor the account.
  for (const from of ['198.51.100.1', '198.51.100.2'])
    for (let i = 0; i < 4; i++) await fail('sun.ba', from).expect(401);
  const meanwhile = await login('sun.ba', PASSWORD, '10.20.0.6').expect(200);
  expect(meanwhile.body.failedLogins).toMatchObject({ count: 8, addresses: 2 });
  // A third address: ten failures from three addresses within the window lock the account, for
  // 5 minutes (not 15).
  await fail('sun.ba', '198.51.100.3').expect(401);
  const locked = await fail('sun.ba', '198.51.100.3').expect(423);
  expect(locked.body.error.details.scope).toBe('account');
  const seconds = Number(locked.headers['retry-after']);
  expect(seconds).toBeGreaterThan(290);
  expect(seconds).toBeLessThanOrEqual(300);
  const owner = await login('sun.ba', PASSWORD, '10.20.0.6').expect(423);
  expect(owner.body.error.message).toMatch(/多处登录失败/);
  // When it ends, the owner gets in and is told of the two since their last login.
  await env.redis.client.del(`${env.config.redis.keyPrefix}auth:lock:sun.ba`);
  const after = await login('sun.ba', PASSWORD, '10.20.0.6').expect(200);
  expect(after.body.failedLogins).toMatchObject({ count: 2, addresses: 1 });
});

it('one address alone can never lock the account for everybody', async () => {
  await createPerson(env.deps, 'staff', { username: 'zhou.jiu' });
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5; i++) await fail('zhou.jiu', '192.0.2.99');
  }
  expect((await login('zhou.jiu', PASSWORD, '10.20.0.7')).status).toBe(200);
});

it('failures on an unknown username leave no notice behind', async () => {
  for (let i = 0; i < 3; i++) await fail('no.such.user', '192.0.2.1').expect(401);
  const notices = await env.redis.client.keys(`${env.config.redis.keyPrefix}auth:notice:no.such.user*`);
  expect(notices).toEqual([]);
});
