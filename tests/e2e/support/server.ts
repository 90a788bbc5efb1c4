import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../bff/src/bootstrap';
import { loadConfig } from '../../../bff/src/config/config';
import { createLogger } from '../../../bff/src/infra/logger';
import { deleteKeys } from '../../../bff/test/support/test-env';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const H5_DIST = path.join(ROOT, 'miniapp', 'dist', 'h5');

/** Builds the H5 app when it is missing (a fresh clone in CI), as `npm start` does. */
export function ensureH5Build(): string {
  if (!fs.existsSync(path.join(H5_DIST, 'index.html'))) {
    const result = spawnSync('npm', ['run', 'build:h5', '-w', '@app/miniapp'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('H5 build failed');
  }
  return H5_DIST;
}

/** The BFF as `npm start` runs it (demo data seeded), but in memory, on a free port, with its own Redis keys. */
export async function startProductServer(): Promise<RunningServer & { redisPrefix: string }> {
  const redisPrefix = `e2e:${randomBytes(4).toString('hex')}:`;
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    EMBEDDED_DB_PATH: 'memory',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    H5_DIST: ensureH5Build(),
    LOG_LEVEL: 'warn',
  });
  const running = await startServer(config, createLogger({ level: 'warn' }));
  return {
    ...running,
    redisPrefix,
    // Leaves the shared Redis as it found it: only this run's keys are deleted.
    async shutdown() {
      await deleteKeys(running.deps.redis, `${redisPrefix}*`);
      await running.shutdown();
    },
  };
}
