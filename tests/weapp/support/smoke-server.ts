import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../bff/src/bootstrap';
import { loadConfig } from '../../../bff/src/config/config';
import { createLogger } from '../../../bff/src/infra/logger';
import { deleteKeys } from '../../../bff/test/support/test-env';

/**
 * The BFF as `npm start` runs it (demo data seeded, development routes such as the dev login code), in
 * memory, on a free port, with its own Redis keys; like the browser suite's, but without the H5 build
 * (the mini-program calls only the API).
 */
export async function startSmokeServer(): Promise<RunningServer> {
  const redisPrefix = `weapp:${randomBytes(4).toString('hex')}:`;
  const config = loadConfig({
    NODE_ENV: 'development',
    PORT: '0',
    EMBEDDED_DB_PATH: 'memory',
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    // No H5 app to serve: a folder without one.
    H5_DIST: path.join(os.tmpdir(), 'weapp-smoke-no-h5'),
    LOG_LEVEL: 'warn',
    // Production's short store timeouts answer 503 fast; on a loaded test machine they would fail
    // the seeding and the suite instead (the same values as the integration tests' environment).
    REDIS_COMMAND_TIMEOUT_MS: '10000',
    MONGODB_TIMEOUT_MS: '15000',
  });
  const running = await startServer(config, createLogger({ level: 'warn' }));
  return {
    ...running,
    // Leaves the shared Redis as it found it: only this run's keys are deleted.
    async shutdown() {
      await deleteKeys(running.deps.redis, `${redisPrefix}*`);
      await running.shutdown();
    },
  };
}
