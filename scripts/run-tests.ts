/**
 * `npm test`: makes sure a Redis answers (starting redis-server from PATH on a free port when none
 * does), then runs every Jest project. The browser suite reports loudly when no browser exists.
 */
import { spawn } from 'node:child_process';
import { ensureRedis, NO_REDIS_HELP } from '../bff/src/infra/redis/ensure-redis';

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
    env: { ...process.env, REDIS_URL: redis.url },
  });
  const code: number = await new Promise((resolve) => jest.once('exit', (c) => resolve(c ?? 1)));
  await redis.stop();
  process.exit(code);
}

void main();
