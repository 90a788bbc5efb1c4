import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { startBffChild, type BffChild } from '../test/support/bff-child';
import { freePort, startRedisServer, stopProcess } from '../test/support/processes';
import { createTestEnv, type TestEnv } from '../test/support/test-env';

/**
 * SIGTERM with keep-alive connections open (a real BFF process, `npm start`'s entry): readiness
 * answers 503 `draining` at once, responses carry `Connection: close`, idle keep-alive sockets are
 * closed, a request still arriving on an old connection is answered 503, the one in flight finishes,
 * and the process exits well under 2 s once nothing is in flight.
 */
let env: TestEnv;
let redisPort: number;
let redis: ChildProcess;
let child: BffChild | undefined;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedisServer(redisPort);
  env = await createTestEnv({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, LOG_LEVEL: 'error' });
}, 60_000);
afterAll(async () => {
  await child?.stop('SIGKILL');
  await env.close();
  await stopProcess(redis);
});

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw keep-alive connection: write bytes, read one HTTP response, see when the server closes it. */
function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  let closed = false;
  const closedAt = new Promise<number>((resolve) =>
    socket.on('close', () => {
      closed = true;
      waiting?.();
      resolve(Date.now());
    }),
  );
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    waiting?.();
  });
  async function response(): Promise<RawResponse> {
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
        const headers = Object.fromEntries(
          lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
        );
        const length = Number(headers['content-length'] ?? 0);
        if (buffer.length >= end + 4 + length) {
          const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
          buffer = buffer.subarray(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers, body };
        }
      }
      if (closed)
        throw new Error(`connection closed before a full response (got: ${buffer.toString('utf8')})`);
      await new Promise<void>((resolve) => (waiting = resolve));
    }
  }
  return {
    write: (text: string) => new Promise<void>((resolve) => socket.write(text, () => resolve())),
    response,
    closedAt,
    isClosed: () => closed,
    destroy: () => socket.destroy(),
  };
}

const GET = (path: string) => `GET ${path} HTTP/1.1\r\nHost: bff\r\nConnection: keep-alive\r\n\r\n`;

it('drains on SIGTERM: readiness 503, Connection: close, idle sockets closed, in-flight finished, fast exit', async () => {
  child = await startBffChild({
    MONGODB_URI: env.mongo.uri,
    MONGODB_DB_NAME: env.config.mongo.dbName,
    REDIS_URL: env.config.redis.url,
    REDIS_KEY_PREFIX: env.config.redis.keyPrefix,
    WECHAT_API_BASE: env.deps.wechat.apiBase,
    LOG_LEVEL: 'warn',
  });
  // Four kept-alive connections, opened together (the server's keep-alive timeout is 5 s):
  // idle — nothing in flight; its next request comes after the signal;
  // quiet — stays idle until the server closes it;
  // late — its next request is still arriving (headers not complete) when the signal comes;
  // busy — a request in flight (its body is still arriving).
  const [idle, quiet, late, busy] = [0, 1, 2, 3].map(() => connect(child!.port));
  await Promise.all([idle, quiet, late].map((c) => c.write(GET('/healthz'))));
  for (const c of [idle, quiet, late]) expect((await c.response()).status).toBe(200);
  await late.write('GET /readyz HTTP/1.1\r\nHost: bff\r\n');
  await busy.write(
    'POST /api/appointments HTTP/1.1\r\nHost: bff\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"a":',
  );
  await new Promise((r) => setTimeout(r, 200));

  const signalled = Date.now();
  child.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 100));

  // Requests that arrive now on old connections: readiness says draining, anything else is refused,
  // and those connections end.
  await Promise.all([late.write('\r\n'), idle.write(GET('/api/items'))]);
  const [readiness, refused] = await Promise.all([late.response(), idle.response()]);
  const readinessMs = Date.now() - signalled;
  expect(readiness.status).toBe(503);
  expect(JSON.parse(readiness.body)).toMatchObject({ status: 'not_ready', draining: true });
  expect(readiness.headers.connection).toBe('close');
  expect(refused.status).toBe(503);
  expect(refused.headers['retry-after']).toBe('5');
  expect(refused.headers.connection).toBe('close');
  const idleClosed = await idle.closedAt;
  const quietClosed = await quiet.closedAt;
  expect(quietClosed - signalled).toBeLessThan(1500);

  // The request in flight finishes normally (401: no token), with Connection: close.
  await busy.write('"bcd"}');
  const finished = await busy.response();
  const lastAnswer = Date.now();
  expect(finished.status).toBe(401);
  expect(finished.headers.connection).toBe('close');

  const exit = await child.exited;
  expect(exit.code).toBe(0);
  const idleMs = exit.at - lastAnswer;
  console.info(
    `drain: readiness 503 answered ${readinessMs} ms after SIGTERM (100 ms of it waiting); ` +
      `refused socket closed ${idleClosed - signalled} ms, idle socket ${quietClosed - signalled} ms after SIGTERM; exit ${exit.at - signalled} ms ` +
      `after SIGTERM, ${idleMs} ms after the last in-flight request finished`,
  );
  expect(idleMs).toBeLessThan(2000);
  // New connections are refused once draining started.
  await expect(fetch(`${child.url}/healthz`)).rejects.toThrow();
  child = undefined;
}, 300_000);
