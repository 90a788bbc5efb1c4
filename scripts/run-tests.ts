/**
 * `npm test`: makes sure a Redis answers (starting redis-server from PATH on a free port when none
 * does), then runs every Jest project. The browser suite reports loudly when no browser exists.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ensureRedis, NO_REDIS_HELP } from '../bff/src/infra/redis/ensure-redis';

const testClock = require('./test-clock.cjs') as { offsetFor(testNow?: string): number };
const testDays = require('./test-days.cjs') as {
  rotatingDay(): { date: string; label: string };
  rotationEnabled(): boolean;
};

/**
 * The clock every test process of this run shares (scripts/test-clock.cjs): one offset computed
 * here, handed to Jest's workers and to every process they spawn.
 */
function clockEnv(): NodeJS.ProcessEnv {
  let testNow = process.env.TEST_NOW;
  let other: { date: string; label: string } | undefined;
  if (testDays.rotationEnabled()) {
    // No TEST_NOW: this run is "another day" (scripts/test-days.cjs), changing from run to run.
    other = testDays.rotatingDay();
    testNow = other.date;
  }
  const offset = testClock.offsetFor(testNow);
  if (!offset) return {};
  const shifted = new Date(Date.now() + offset);
  const args = process.argv.slice(2).join(' ');
  const replay = `TEST_NOW=${testNow} npm test${args ? ` -- ${args}` : ''}`;
  console.log(
    other
      ? `Test clock: other day ${other.date} (${other.label}), ${shifted.toISOString()}; replay with ${replay}; TEST_NOW=real for the real clock`
      : `Test clock: ${shifted.toISOString()} (TEST_NOW=${testNow}); replay with ${replay}`,
  );
  const hook = `--require ${path.join(__dirname, 'test-clock-hook.cjs')}`;
  return {
    TEST_CLOCK_OFFSET_MS: String(offset),
    NODE_OPTIONS: [process.env.NODE_OPTIONS, hook].filter(Boolean).join(' '),
  };
}

async function main() {
  const wanted = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let redis;
  try {
    redis = await ensureRedis(wanted);
  } catch (err) {
    console.error(`\n${(err as Error).message || NO_REDIS_HELP}\n`);
    process.exit(1);
  }
  if (redis.child) console.log(`No Redis at ${wanted}; started redis-server at ${redis.url} for this run.`);
  const jest = spawn(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, REDIS_URL: redis.url, ...clockEnv() },
  });
  const code: number = await new Promise((resolve) => jest.once('exit', (c) => resolve(c ?? 1)));
  await redis.stop();
  process.exit(code);
}

void main();
