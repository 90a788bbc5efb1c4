import request from 'supertest';
import { EmbeddedMongo } from '@app/mongo-embedded';
import { freePort, waitFor } from '../test/support/processes';
import { createTestEnv, type TestEnv } from '../test/support/test-env';
import { signedIn } from './modules/auth/testing/identity-fixtures';

/**
 * MongoDB going away (the engine this test started is stopped): requests that need it answer 503
 * SERVICE_UNAVAILABLE with Retry-After within about MONGODB_TIMEOUT_MS — never a 500, never a hang —
 * and the BFF serves again once it is back, without a restart.
 */
const TIMEOUT_MS = 1500;
let port: number;
let engine: EmbeddedMongo;
let env: TestEnv;

beforeAll(async () => {
  port = await freePort();
  engine = await EmbeddedMongo.start({ port });
  env = await createTestEnv({
    MONGODB_URI: `mongodb://127.0.0.1:${port}`,
    MONGODB_TIMEOUT_MS: String(TIMEOUT_MS),
    LOG_LEVEL: 'error',
  });
}, 60_000);
afterAll(async () => {
  await env.close();
  await engine.stop();
});

it('answers 503 with Retry-After within about the timeout while the engine is down, then serves again', async () => {
  const person = await signedIn(env.deps, 'citizen');
  expect((await request(env.callback).get('/api/me').set('Authorization', person.header)).status).toBe(200);

  await engine.stop();
  const t0 = performance.now();
  const res = await request(env.callback).get('/api/me').set('Authorization', person.header);
  const ms = Math.round(performance.now() - t0);
  expect(res.status).toBe(503);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
  expect(ms).toBeLessThan(TIMEOUT_MS + 2000);
  const t1 = performance.now();
  const again = await request(env.callback).get('/api/me').set('Authorization', person.header);
  const ms2 = Math.round(performance.now() - t1);
  expect(again.status).toBe(503);
  console.info(`MongoDB stopped: /api/me → 503 in ${ms} ms, then ${ms2} ms`);
  expect(env.logs.text()).not.toContain('unhandled error');

  // Back (an empty engine on the same port): the BFF reconnects by itself.
  engine = await EmbeddedMongo.start({ port });
  await waitFor(async () => (await request(env.callback).get('/readyz')).status === 200, 20_000, 200);
}, 60_000);
