import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../bff/src/bootstrap';
import { loadConfig } from '../../../bff/src/config/config';
import { appointmentsOf } from '../../../bff/src/modules/appointments/appointments.runtime';
import { createLogger } from '../../../bff/src/infra/logger';
import { deleteKeys } from '../../../bff/test/support/test-env';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const H5_DIST = path.join(ROOT, 'miniapp', 'dist', 'h5');

/**
 * Builds the H5 app when it is missing (a fresh clone in CI), as `npm start` does. Browser suites run
 * in parallel workers: a lock folder (mkdir is atomic) makes one build while the others wait for it.
 */
export async function ensureH5Build(): Promise<string> {
  const index = path.join(H5_DIST, 'index.html');
  const lock = path.join(ROOT, 'miniapp', '.h5-build.lock');
  for (;;) {
    if (fs.existsSync(index) && !fs.existsSync(lock)) return H5_DIST;
    try {
      fs.mkdirSync(lock);
    } catch {
      // Another worker is building; a lock older than 10 minutes was left by a crashed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
      continue;
    }
    try {
      if (!fs.existsSync(index)) {
        const result = spawnSync('npm', ['run', 'build:h5', '-w', '@app/miniapp'], {
          cwd: ROOT,
          stdio: 'inherit',
          // Jest sets NODE_ENV=test; the app must be built as `npm start` builds it, for production.
          env: { ...process.env, NODE_ENV: 'production' },
        });
        if (result.status !== 0) throw new Error('H5 build failed');
      }
    } finally {
      fs.rmdirSync(lock);
    }
  }
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
    H5_DIST: await ensureH5Build(),
    LOG_LEVEL: 'warn',
    // Production's short store timeouts answer 503 fast; on a loaded test machine they would fail
    // the seeding and the suite instead (the same values as the integration tests' environment).
    REDIS_COMMAND_TIMEOUT_MS: '10000',
    MONGODB_TIMEOUT_MS: '15000',
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

/**
 * The demo halls open booking 7 days ahead, so on the day before the week-long National Day holiday
 * nothing at all is bookable (the first working day is 8 days away). Browser tests that book give the
 * hall a 14-day window, through the same service an administrator's change goes through.
 */
export async function widenBookingWindow(server: RunningServer, hallCode: string, days = 14): Promise<void> {
  const { appt } = appointmentsOf(server.deps);
  const config = await appt.slots.getHallConfig(hallCode);
  await appt.slots.configureHall({ ...config, openDaysAhead: days });
  await appt.slots.generateHorizon(hallCode);
}
