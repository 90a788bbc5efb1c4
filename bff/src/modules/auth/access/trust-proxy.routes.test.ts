import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../../test/support/test-env';

/**
 * Issue 15 item 2: the client address behind proxies. Only TRUST_PROXY_HOPS entries from the right of
 * X-Forwarded-For are trusted; whatever the client writes further left cannot dodge the rate limits.
 */

const LIMITS = { RATE_LIMIT_LOGIN_PER_MINUTE: '5', LOG_LEVEL: 'silent' };
let seq = 0;
const caseNumber = () => `JX-20260101-${String(100000 + ++seq).slice(-6)}`;

function progress(env: TestEnv, forwardedFor?: string) {
  const req = request(env.callback).post('/api/cases/progress');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ caseNumber: caseNumber(), applicantName: '张三' });
}

function staffLogin(env: TestEnv, forwardedFor: string | undefined, username: string) {
  const req = request(env.callback).post('/api/auth/staff-login');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send({ username, password: 'wrong-password-1' });
}

async function statuses(n: number, send: (i: number) => Promise<request.Response>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await send(i)).status);
  return out;
}

describe('TRUST_PROXY_HOPS=0 (default): the socket address, X-Forwarded-For ignored', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(LIMITS);
  });
  afterAll(() => env.close());

  it('the default is 0', () => {
    expect(env.config.http.trustProxyHops).toBe(0);
  });

  it('14 progress queries with rotating X-Forwarded-For: the 11th and later get 429', async () => {
    const got = await statuses(14, (i) => progress(env, `10.9.${i}.1`));
    expect(got.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(got.slice(10)).toEqual([429, 429, 429, 429]);
  });

  it('staff logins with rotating X-Forwarded-For and usernames: the 6th and later get 429', async () => {
    const got = await statuses(8, (i) => staffLogin(env, `172.16.${i}.9`, `nobody${i}`));
    expect(got.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(got.slice(5)).toEqual([429, 429, 429]);
  });
});

describe('TRUST_PROXY_HOPS=1: the entry the one trusted proxy appended', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ ...LIMITS, TRUST_PROXY_HOPS: '1' });
  });
  afterAll(() => env.close());

  it('rotating the client-written (left) entries does not dodge the progress limit', async () => {
    const got = await statuses(14, (i) => progress(env, `6.6.${i}.6, 198.51.100.7`));
    expect(got.slice(0, 10)).toEqual(Array(10).fill(404));
    expect(got.slice(10)).toEqual([429, 429, 429, 429]);
    // Another client behind the same proxy has its own budget.
    expect((await progress(env, '198.51.100.8')).status).toBe(404);
    expect((await progress(env, '7.7.7.7, 198.51.100.8')).status).toBe(404);
  });

  it('rotating the left entries does not dodge the login limit either', async () => {
    const got = await statuses(8, (i) => staffLogin(env, `9.9.${i}.9, 203.0.113.5`, `nobody${i}`));
    expect(got.slice(0, 5)).toEqual(Array(5).fill(401));
    expect(got.slice(5)).toEqual([429, 429, 429]);
    expect((await staffLogin(env, '203.0.113.6', 'someone')).status).toBe(401);
  });
});

describe('configuration', () => {
  it('refuses a negative or non-numeric TRUST_PROXY_HOPS', async () => {
    const { loadConfig } = await import('../../../config/config');
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY_HOPS: '-1' })).toThrow(/TRUST_PROXY_HOPS/);
    expect(() => loadConfig({ NODE_ENV: 'test', TRUST_PROXY_HOPS: 'all' })).toThrow(/TRUST_PROXY_HOPS/);
    expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY_HOPS: '2' }).http.trustProxyHops).toBe(2);
  });
});
