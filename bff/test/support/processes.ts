import type { ChildProcess } from 'node:child_process';

import { spawnRedisServer } from '../../src/infra/redis/ensure-redis';

export { freePort } from '../../src/infra/redis/ensure-redis';

/** A private redis-server for tests that stop Redis and start it again on the same port. */
export async function startRedisServer(port: number): Promise<ChildProcess> {
  return (await spawnRedisServer(port)).child;
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** Polls until the check passes or the time is up (then throws with the last state). */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
