import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { startServer } from './bootstrap';
import { loadConfig } from './config/config';
import { createLogger } from './infra/logger';
import { LogCapture } from '../test/support/test-env';
import { freePort, startRedisServer, stopProcess, waitFor } from '../test/support/processes';

const silent = createLogger({ level: 'silent' });
const BFF_DIR = path.resolve(__dirname, '..');

async function getJson(url: string): Promise<{ status: number; body: { down?: string[] } }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { down?: string[] } };
}

describe('readiness follows Redis going away and coming back', () => {
  let redisPort: number;
  let redisChild: ChildProcess;

  beforeAll(async () => {
    redisPort = await freePort();
    redisChild = await startRedisServer(redisPort);
  });
  afterAll(async () => {
    await stopProcess(redisChild);
  });

  it('answers 503 naming Redis while it is down and 200 again without a restart', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    const running = await startServer(config, silent);
    try {
      expect((await getJson(`${running.url}/readyz`)).status).toBe(200);

      await stopProcess(redisChild);
      await waitFor(async () => (await getJson(`${running.url}/readyz`)).status === 503, 5000);
      const down = await getJson(`${running.url}/readyz`);
      expect(down.body.down).toEqual(['redis']);

      redisChild = await startRedisServer(redisPort);
      await waitFor(async () => (await getJson(`${running.url}/readyz`)).status === 200, 8000);
    } finally {
      await running.shutdown();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops accepting, finishes the request in flight, then closes', async () => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', REDIS_URL: process.env.REDIS_URL });
    const running = await startServer(config, silent);
    const { port } = running.server.address() as { port: number };

    // A request whose body is still arriving is in flight while shutdown starts.
    const responded = new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/healthz',
          headers: { 'content-type': 'application/json', 'content-length': 11 },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write('{"a":');
      setTimeout(() => req.end('"bcd"}'), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const shutdown = running.shutdown();
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
    expect(await responded).toBe(405);
    await shutdown;
  });
});

describe('process entry (npm start)', () => {
  const runMain = (env: NodeJS.ProcessEnv) =>
    spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: BFF_DIR,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  it('refuses a wrong variable with a message naming it', async () => {
    const child = runMain({ PORT: 'not-a-port' });
    let stderr = '';
    child.stderr!.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(78);
    expect(stderr).toContain('PORT');
  });

  it('serves, then exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const child = runMain({ PORT: String(port) });
    let stdout = '';
    child.stdout!.on('data', (c) => (stdout += c));
    try {
      await waitFor(
        async () => {
          try {
            return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
          } catch {
            return false;
          }
        },
        20000,
        200,
      );
      expect(stdout).toContain('the embedded engine');
    } finally {
      expect(await stopProcess(child, 'SIGTERM')).toBe(0);
    }
    expect(stdout).toContain('shutdown complete');
  });
});

describe('production start on an empty database', () => {
  it('seeds no demo data (no items, no accounts, no bookings) and says how to import the real list', async () => {
    const logs = new LogCapture();
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '0',
      EMBEDDED_DB_PATH: 'memory',
      TOKEN_SECRET: 'a-production-secret-of-at-least-32-chars',
      WECHAT_API_BASE: 'http://127.0.0.1:9',
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: `test:prod:${process.pid}:`,
      H5_DIST: '/nonexistent-h5-dist',
    });
    const running = await startServer(config, createLogger({ level: 'info', destination: logs }));
    try {
      const db = running.deps.mongo.connection.db!;
      const counts: Record<string, number> = {};
      for (const { name } of await db.listCollections().toArray()) {
        counts[name] = await db.collection(name).countDocuments();
      }
      const seeded = Object.entries(counts).filter(
        ([name, n]) => n > 0 && !/^(system\.|outbox|audit)/.test(name),
      );
      expect(seeded).toEqual([]);
      expect(logs.text()).toContain('npm run import:items');
    } finally {
      await running.shutdown();
    }
  });
});

describe('start-up on a port already taken', () => {
  it('fails with a message naming the port and how to choose another (no raw EADDRINUSE stack)', async () => {
    const holder = http.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const config = loadConfig({ NODE_ENV: 'test', PORT: String(port), REDIS_URL: process.env.REDIS_URL });
      await expect(startServer(config, silent)).rejects.toThrow(`PORT=${port + 1} npm start`);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
