import zlib from 'node:zlib';
import request from 'supertest';
import { createTestEnv, type TestEnv } from '../../../test/support/test-env';

/**
 * Issue 15 items 1 and 8, through the whole app: a body that cannot be decoded is the client's
 * problem (4xx envelope, a warning at most), on any path, before authentication.
 */

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ LOG_LEVEL: 'warn', NODE_ENV: 'development' });
});
afterAll(() => env.close());

const post = (path: string, body: Buffer, headers: Record<string, string>) => {
  let req = request(env.callback).post(path).set('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  // the bytes as given (superagent would JSON-encode a Buffer sent as application/json)
  return req.serialize(((bytes: Buffer) => bytes) as never).send(body);
};

const errorLines = () => env.logs.lines.filter((l) => /"level":(50|60)/.test(l));
const GARBAGE = Buffer.from('this is not compressed at all, just text {"a":1}');

describe('compressed bodies (item 1)', () => {
  it.each([
    ['gzip', '/api/auth/staff-login'],
    ['deflate', '/api/cases/progress'],
    ['br', '/api/cases'],
    ['gzip', '/no/such/path'],
    ['x-gzip', '/api/enterprises/bind'],
  ])('corrupt %s on %s → 400 BODY_DECODE_FAILED, no stack, no error log', async (encoding, path) => {
    const before = errorLines().length;
    const res = await post(path, GARBAGE, { 'Content-Encoding': encoding });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BODY_DECODE_FAILED');
    expect(res.body.error.details).toBeUndefined(); // no zlib stack even in development
    expect(errorLines().length).toBe(before);
    expect(env.logs.text()).toContain('request body refused');
  });

  it('a truncated gzip stream is refused the same way', async () => {
    const gz = zlib.gzipSync(Buffer.from(JSON.stringify({ username: 'a', password: 'b' })));
    const res = await post('/api/auth/staff-login', gz.subarray(0, gz.length - 6), {
      'Content-Encoding': 'gzip',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BODY_DECODE_FAILED');
  });

  it('an encoding the BFF does not accept → 415 UNSUPPORTED_CONTENT_ENCODING', async () => {
    for (const encoding of ['compress', 'zstd', 'gzip, br']) {
      const res = await post('/api/auth/staff-login', GARBAGE, { 'Content-Encoding': encoding });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_CONTENT_ENCODING');
    }
  });

  it('valid gzip, deflate and br JSON bodies are read', async () => {
    const json = Buffer.from(JSON.stringify({ caseNumber: 'JX-20260101-000001', applicantName: '张三' }));
    for (const [encoding, data] of [
      ['gzip', zlib.gzipSync(json)],
      ['deflate', zlib.deflateSync(json)],
      ['br', zlib.brotliCompressSync(json)],
    ] as const) {
      const res = await post('/api/cases/progress', data, { 'Content-Encoding': encoding });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('CASE_PROGRESS_NOT_FOUND');
    }
  });

  it('a compressed body larger than the limit once inflated → 413 (no decompression bomb)', async () => {
    const bomb = zlib.gzipSync(Buffer.from(`{"a":"${'0'.repeat(3 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await post('/api/cases/progress', bomb, { 'Content-Encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('invalid UTF-8 (item 8)', () => {
  it.each([
    ['a lone continuation byte', Buffer.from([0x80])],
    ['a truncated 3-byte sequence', Buffer.from([0xe5, 0xbc])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['a UTF-16 surrogate encoded as UTF-8', Buffer.from([0xed, 0xa0, 0x80])],
  ])('%s inside a JSON string → 400 BODY_NOT_UTF8', async (_label, bad) => {
    const body = Buffer.concat([Buffer.from('{"username":"demo'), bad, Buffer.from('","password":"x"}')]);
    const res = await post('/api/auth/staff-login', body, {});
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BODY_NOT_UTF8');
  });

  it('valid UTF-8 (Chinese, emoji) and a BOM are accepted', async () => {
    const json = Buffer.from(JSON.stringify({ caseNumber: 'JX-20260101-000001', applicantName: '张三👍' }));
    for (const body of [json, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json])]) {
      const res = await post('/api/cases/progress', body, {});
      expect(res.status).toBe(404);
    }
  });

  it('a charset other than UTF-8 → 415', async () => {
    const res = await post('/api/cases/progress', Buffer.from('{}'), {
      'Content-Type': 'application/json; charset=latin1',
    });
    expect(res.status).toBe(415);
  });
});

describe('JSON shape', () => {
  it('malformed JSON, a bare string and a __proto__ key → 400 BAD_JSON', async () => {
    for (const text of ['{"a":', '"just a string"', '{"__proto__":{"x":1}}', '{"\\u005f_proto__":{"x":1}}']) {
      const res = await post('/api/cases/progress', Buffer.from(text), {});
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('BAD_JSON');
    }
  });
});
