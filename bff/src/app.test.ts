import OpenAPISchemaValidator from 'openapi-schema-validator';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../test/support/test-env';

let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('health', () => {
  it('GET /healthz answers while the process is alive', async () => {
    const res = await request(env.callback).get('/healthz').expect(200);
    expect(res.body.status).toBe('ok');
    expect(typeof res.body.uptimeSeconds).toBe('number');
  });

  it('GET /readyz answers 200 with both stores up', async () => {
    const res = await request(env.callback).get('/readyz').expect(200);
    expect(res.body).toMatchObject({ status: 'ready', checks: { mongodb: 'up', redis: 'up' }, down: [] });
    expect(Array.isArray(res.body.details.calendar.provisionalYears)).toBe(true);
  });
});

describe('error envelope', () => {
  it('unknown routes are a JSON 404 with a stable code and a Chinese message', async () => {
    const res = await request(env.callback).get('/api/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
    expect(res.body.error.message).toMatch(/接口不存在/);
    expect(res.body.error.requestId).toBe(res.headers['x-request-id']);
  });

  it('a wrong method on a known path is a JSON 405', async () => {
    const res = await request(env.callback).delete('/healthz').expect(405);
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('malformed JSON is a 400 BAD_JSON, with no stack outside development', async () => {
    const res = await request(env.callback)
      .post('/healthz')
      .set('content-type', 'application/json')
      .send('{"broken": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_JSON');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('an oversized body is a 413 envelope', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) });
    const res = await request(env.callback)
      .post('/healthz')
      .set('content-type', 'application/json')
      .send(big);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('request id and logging', () => {
  it('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const given = await request(env.callback).get('/healthz').set('X-Request-Id', 'gateway-abc-123');
    expect(given.headers['x-request-id']).toBe('gateway-abc-123');
    const made = await request(env.callback).get('/healthz').set('X-Request-Id', 'bad id!');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs one line per request without the query string or personal data', async () => {
    await request(env.callback)
      .get('/healthz?idNumber=230103199001011234&phone=13812345678')
      .set('Authorization', 'Bearer secret-token');
    const text = env.logs.text();
    expect(text).toContain('"path":"/healthz"');
    expect(text).not.toContain('230103199001011234');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('secret-token');
  });

  it('redacts personal fields wherever a log call puts them', () => {
    env.logger.info(
      { user: { idNumber: '230103199001011234', phone: '13812345678', profile: { phone: '13900001111' } } },
      'x',
    );
    const text = env.logs.text();
    expect(text).not.toContain('230103199001011234');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('13900001111');
    expect(text).toContain('[REDACTED]');
  });
});

describe('API documentation', () => {
  it('GET /openapi.json is a valid OpenAPI 3 document listing the routes', async () => {
    const res = await request(env.callback).get('/openapi.json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(res.body.paths['/healthz']).toBeDefined();
    expect(res.body.paths['/readyz']).toBeDefined();
    const { errors } = new OpenAPISchemaValidator({ version: 3 }).validate(res.body);
    expect(errors).toEqual([]);
  });

  it('GET /docs serves a page that loads the document, with its assets', async () => {
    const page = await request(env.callback).get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('/openapi.json');
    await request(env.callback).get('/docs/assets/swagger-ui-bundle.js').expect(200);
    await request(env.callback).get('/docs/assets/../../package.json').expect(404);
  });
});

describe('security headers', () => {
  it('JSON endpoints carry the API set (OWASP REST), errors included', async () => {
    for (const path of ['/healthz', '/api/no-such-thing', '/api/items']) {
      const res = await request(env.callback).get(path);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
      expect(res.headers['x-powered-by']).toBeUndefined();
      // Document-only headers stay off JSON.
      expect(res.headers['origin-agent-cluster']).toBeUndefined();
    }
  });

  it('pages (the API documentation, the H5 app) carry helmet’s document headers', async () => {
    const res = await request(env.callback).get('/docs').expect(200);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
  });
});

describe('CORS', () => {
  it('answers a cross-origin request with the allowed origin and exposes the request id', async () => {
    const res = await request(env.callback).get('/healthz').set('Origin', 'https://example.org').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-expose-headers']).toBe('X-Request-Id');
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('adds no CORS headers to a request without an Origin (WeChat, same-origin pages)', async () => {
    const res = await request(env.callback).get('/healthz').expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('answers a preflight', async () => {
    const res = await request(env.callback)
      .options('/api/appointments')
      .set('Origin', 'https://example.org')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
  });
});
