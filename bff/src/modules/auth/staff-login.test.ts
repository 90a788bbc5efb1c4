import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { createPerson, PASSWORD } from './testing/identity-fixtures';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv({
    LOGIN_MAX_FAILURES: '5',
    LOGIN_LOCK_SECONDS: '900',
    RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
  });
});
afterAll(() => env.close());

const login = (username: string, password: string, app = env) =>
  request(app.callback).post('/api/auth/staff-login').send({ username, password });

describe('POST /api/auth/staff-login', () => {
  it('logs a staff member in with username and password (case-insensitive username)', async () => {
    const staff = await createPerson(env.deps, 'staff', {
      username: 'Window.Zhang',
      department: 'tax',
      halls: ['h1'],
    });
    const res = await login('window.zhang', PASSWORD).expect(200);
    expect(res.body.user).toMatchObject({ id: staff.id, role: 'staff', department: 'tax', halls: ['h1'] });
    expect(JSON.stringify(res.body)).not.toContain('passwordHash');
  });

  it('a wrong password and an unknown user get the same answer', async () => {
    await createPerson(env.deps, 'staff', { username: 'li.si' });
    const wrong = await login('li.si', 'wrong-password-1').expect(401);
    const unknown = await login('nobody.here', 'wrong-password-1').expect(401);
    expect(wrong.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(unknown.body.error.code).toBe(wrong.body.error.code);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('5 failures in 15 minutes lock the account for 15 minutes, answered with the time it ends', async () => {
    await createPerson(env.deps, 'staff', { username: 'wang.wu' });
    for (let i = 0; i < 4; i += 1) await login('wang.wu', 'wrong-password-1').expect(401);
    const fifth = await login('wang.wu', 'wrong-password-1').expect(423);
    expect(fifth.body.error.code).toBe('ACCOUNT_LOCKED');
    const until = Date.parse(fifth.body.error.details.lockedUntil);
    expect(until - Date.now()).toBeGreaterThan(890_000);
    expect(until - Date.now()).toBeLessThanOrEqual(900_000);
    expect(Number(fifth.headers['retry-after'])).toBeGreaterThan(890);
    expect(fifth.body.error.message).toMatch(/锁定至 \d{2}:\d{2}/);
    // Even the right password waits for the lock to end.
    const right = await login('wang.wu', PASSWORD).expect(423);
    expect(right.body.error.code).toBe('ACCOUNT_LOCKED');
    // The lock ends: the right password works again, and the failure count starts over.
    // (the lock is per account and address: `auth:lock:wang.wu@<address>`)
    const locks = await env.redis.client.keys(`${env.config.redis.keyPrefix}auth:lock:wang.wu*`);
    expect(locks).toHaveLength(1);
    await env.redis.client.del(...locks);
    await login('wang.wu', PASSWORD).expect(200);
  });

  it('a success clears earlier failures', async () => {
    await createPerson(env.deps, 'staff', { username: 'zhao.liu' });
    for (let i = 0; i < 4; i += 1) await login('zhao.liu', 'wrong-password-1').expect(401);
    await login('zhao.liu', PASSWORD).expect(200);
    for (let i = 0; i < 4; i += 1) await login('zhao.liu', 'wrong-password-1').expect(401);
    await login('zhao.liu', PASSWORD).expect(200);
  });

  it('bad input names every bad field', async () => {
    const res = await request(env.callback)
      .post('/api/auth/staff-login')
      .send({ username: '', password: 7 })
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.password',
      'body.username',
    ]);
  });

  it('passwords never reach the logs', async () => {
    await login('someone', 'a-secret-password-77');
    expect(env.logs.text()).not.toContain('a-secret-password-77');
    expect(env.logs.text()).not.toContain(PASSWORD);
  });
});

describe('rate limits', () => {
  it('logins per IP and per account answer 429 RATE_LIMITED with Retry-After', async () => {
    const limited = await createTestEnv({ RATE_LIMIT_LOGIN_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i += 1) await login(`user${i}`, 'wrong-password-1', limited).expect(401);
      const res = await login('user9', 'wrong-password-1', limited).expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      const wechat = await request(limited.callback)
        .post('/api/auth/wechat')
        .send({ code: 'abc' })
        .expect(429);
      expect(wechat.body.error.code).toBe('RATE_LIMITED');
    } finally {
      await limited.close();
    }
  });

  it('every write is limited per IP and per account', async () => {
    const limited = await createTestEnv({
      RATE_LIMIT_WRITE_PER_MINUTE_ACCOUNT: '2',
      RATE_LIMIT_WRITE_PER_MINUTE_IP: '1000',
    });
    try {
      const { signedIn } = await import('./testing/identity-fixtures');
      const person = await signedIn(limited.deps, 'citizen');
      const bind = () =>
        request(limited.callback).post('/api/enterprises/bind').set('Authorization', person.header).send({});
      await bind().expect(400);
      await bind().expect(400);
      const res = await bind().expect(429);
      expect(res.body.error.code).toBe('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Reads are not limited.
      await request(limited.callback).get('/api/me').set('Authorization', person.header).expect(200);
    } finally {
      await limited.close();
    }
    const perIp = await createTestEnv({ RATE_LIMIT_WRITE_PER_MINUTE_IP: '2' });
    try {
      await request(perIp.callback).post('/api/auth/refresh').send({}).expect(400);
      await request(perIp.callback).post('/api/auth/refresh').send({}).expect(400);
      await request(perIp.callback).post('/api/auth/refresh').send({}).expect(429);
    } finally {
      await perIp.close();
    }
  });
});
