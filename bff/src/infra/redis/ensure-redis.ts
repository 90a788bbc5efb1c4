import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** Answers whether something speaking RESP answers PING at host:port within the timeout. */
export function redisAnswers(url: string, timeoutMs = 800): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(/^\+PONG|^-NOAUTH/.test(chunk.toString())));
  });
}

/** A TCP port nothing listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface EnsuredRedis {
  url: string;
  /** Set when this process started its own redis-server; stop() ends it. */
  child?: ChildProcess;
  stop(): Promise<void>;
}

export const NO_REDIS_HELP =
  'No Redis answers at REDIS_URL and no redis-server is on PATH. Install one (Debian: apt-get install redis-server) ' +
  'or point REDIS_URL at a running server.';

/**
 * Starts `redis-server` from PATH on `port` with persistence off and waits until it answers PING.
 * Throws with NO_REDIS_HELP when there is no redis-server.
 */
export async function spawnRedisServer(port: number): Promise<EnsuredRedis & { child: ChildProcess }> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const spawnFailed = new Promise<never>((_, reject) =>
    child.once('error', () => reject(new Error(NO_REDIS_HELP))),
  );
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers(url, 200)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server started on port ${port} but did not answer. ${NO_REDIS_HELP}`);
  })();
  await Promise.race([ready, spawnFailed]);
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Uses the Redis at `url` when it answers; otherwise starts `redis-server` from PATH on a free port.
 * Throws with NO_REDIS_HELP when neither works.
 */
export async function ensureRedis(url: string): Promise<EnsuredRedis> {
  if (await redisAnswers(url)) return { url, stop: async () => {} };
  return spawnRedisServer(await freePort());
}
