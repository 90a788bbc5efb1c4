import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';
import { identityOf } from './identity';
import { signedIn } from './testing/identity-fixtures';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const me = (header?: string) => {
  const req = request(env.callback).get('/api/me');
  return header ? req.set('Authorization', header) : req;
};
const refresh = (refreshToken: string) =>
  request(env.callback).post('/api/auth/refresh').send({ refreshToken });

function expectUnauthenticated(res: request.Response) {
  expect(res.status).toBe(401);
  expect(res.body.error.code).toBe('UNAUTHENTICATED');
  expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
}

describe('access tokens', () => {
  it('no token, a malformed header, a tampered or foreign-signed token: 401 with the envelope', async () => {
    const { accessToken } = await signedIn(env.deps, 'citizen');
    expectUnauthenticated(await me());
    expectUnauthenticated(await me(`Basic ${accessToken}`));
    expectUnauthenticated(await me('Bearer not.a.jwt'));
    const [h, p, s] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    expectUnauthenticated(await me(`Bearer ${h}.${forged}.${s}`));
    const foreign = jwt.sign(claims, 'another-secret-that-is-long-enough-0000', { algorithm: 'HS256' });
    expectUnauthenticated(await me(`Bearer ${foreign}`));
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    expectUnauthenticated(await me(`Bearer ${none}`));
  });

  it('an expired token is 401 and says the login expired', async () => {
    const { accessToken } = await signedIn(env.deps, 'citizen');
    const claims = jwt.decode(accessToken) as Record<string, unknown>;
    const expired = jwt.sign({ ...claims, iat: 1_000_000, exp: 1_000_900 }, env.config.tokenSecret, {
      algorithm: 'HS256',
    });
    const res = await me(`Bearer ${expired}`);
    expectUnauthenticated(res);
    expect(res.body.error.message).toContain('过期');
  });

  it('lasts ACCESS_TOKEN_TTL_SECONDS (15 minutes by default)', async () => {
    const session = await signedIn(env.deps, 'citizen');
    const { iat, exp } = jwt.decode(session.accessToken) as { iat: number; exp: number };
    expect(exp - iat).toBe(900);
    const ttl = Date.parse(session.refreshTokenExpiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(29 * 86400 * 1000);
  });

  it('a token past its TTL stops working (real clock, 3 s TTL)', async () => {
    // 3 s rather than 1 s: on a loaded machine signing in and the first request can take a second.
    const short = await createTestEnv({ ACCESS_TOKEN_TTL_SECONDS: '3' });
    try {
      const { header } = await signedIn(short.deps, 'citizen');
      await request(short.callback).get('/api/me').set('Authorization', header).expect(200);
      await new Promise((r) => setTimeout(r, 4100));
      const res = await request(short.callback).get('/api/me').set('Authorization', header);
      expect(res.status).toBe(401);
    } finally {
      await short.close();
    }
  });
});

describe('refresh tokens', () => {
  it('are stored hashed in Redis with their TTL, never in clear', async () => {
    const { refreshToken } = await signedIn(env.deps, 'citizen');
    const keys = await env.redis.client.keys(`${env.config.redis.keyPrefix}auth:rt:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain(refreshToken);
    for (const key of keys) expect(await env.redis.client.ttl(key)).toBeGreaterThan(29 * 86400);
    expect(await env.redis.client.get(keys[0])).not.toContain(refreshToken);
  });

  it('rotate on use: the new pair works, the old refresh token is spent', async () => {
    const session = await signedIn(env.deps, 'citizen');
    const next = await refresh(session.refreshToken).expect(200);
    expect(next.body.refreshToken).not.toBe(session.refreshToken);
    expect(next.body.user.id).toBe(session.user.id);
    await me(`Bearer ${next.body.accessToken}`).expect(200);
    const third = await refresh(next.body.refreshToken).expect(200);
    await me(`Bearer ${third.body.accessToken}`).expect(200);
  });

  it('reuse of a rotated refresh token revokes the whole session', async () => {
    const session = await signedIn(env.deps, 'citizen');
    const next = await refresh(session.refreshToken).expect(200);
    expectUnauthenticated(await refresh(session.refreshToken));
    // The thief's replay killed the legitimate holder's tokens too.
    expectUnauthenticated(await refresh(next.body.refreshToken));
    expectUnauthenticated(await me(`Bearer ${next.body.accessToken}`));
  });

  it('two refreshes racing with one token: at most one wins', async () => {
    const session = await signedIn(env.deps, 'citizen');
    const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
  });

  it('unknown refresh token and bad input', async () => {
    expectUnauthenticated(await refresh('x'.repeat(43)));
    const res = await request(env.callback).post('/api/auth/refresh').send({}).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details.fields[0].path).toBe('body.refreshToken');
  });
});

describe('revocation', () => {
  it('logout ends that session at once (access and refresh) but not the person’s other sessions', async () => {
    const a = await signedIn(env.deps, 'citizen');
    const b = await identityOf(env.deps).auth.startSession(a.user);
    await request(env.callback).post('/api/auth/logout').set('Authorization', a.header).expect(200);
    expectUnauthenticated(await me(a.header));
    expectUnauthenticated(await refresh(a.refreshToken));
    await me(`Bearer ${b.accessToken}`).expect(200);
  });

  it('a role change by an admin ends every session of that person at once', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const staff = await signedIn(env.deps, 'staff');
    await me(staff.header).expect(200);
    await request(env.callback)
      .patch(`/api/admin/users/${staff.user.id}`)
      .set('Authorization', admin.header)
      .send({ role: 'supervisor' })
      .expect(200);
    expectUnauthenticated(await me(staff.header));
    expectUnauthenticated(await refresh(staff.refreshToken));
    const again = await identityOf(env.deps).auth.startSession(
      (await identityOf(env.deps).users.findById(staff.user.id))!,
    );
    const fresh = await me(`Bearer ${again.accessToken}`).expect(200);
    expect(fresh.body.role).toBe('supervisor');
  });

  it('a disabled account cannot refresh or log in again', async () => {
    const admin = await signedIn(env.deps, 'admin');
    const staff = await signedIn(env.deps, 'staff');
    await request(env.callback)
      .patch(`/api/admin/users/${staff.user.id}`)
      .set('Authorization', admin.header)
      .send({ status: 'disabled' })
      .expect(200);
    expectUnauthenticated(await me(staff.header));
    const login = await request(env.callback)
      .post('/api/auth/staff-login')
      .send({ username: staff.user.username, password: 'correct-horse-42' });
    expect(login.status).toBe(403);
    expect(login.body.error.code).toBe('ACCOUNT_DISABLED');
  });

  it('tokens are never logged', () => {
    expect(env.logs.text()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
  });
});
