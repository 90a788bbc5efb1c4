import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import type { AppDeps } from '../../src/app-deps';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { createLogger, type Logger } from '../../src/infra/logger';
import { connectMongo, syncIndexes, type MongoHandle } from '../../src/infra/mongo/connect-mongo';
import { connectRedis, type RedisHandle } from '../../src/infra/redis/connect-redis';
import { startWeChat } from '../../src/modules/auth/wechat/wechat-deps';

/** Collects every log line a test produced, so tests can assert on what reaches the logs. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.lines.push(chunk.toString());
    done();
  }
  text() {
    return this.lines.join('');
  }
}

export interface TestEnv {
  config: AppConfig;
  logger: Logger;
  logs: LogCapture;
  mongo: MongoHandle;
  redis: RedisHandle;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  callback: ReturnType<ReturnType<typeof createApp>['callback']>;
  close(): Promise<void>;
}

/**
 * Real stores for integration tests: MongoDB from MONGODB_URI (a fresh database per run) or the
 * embedded engine on a random port; the Redis at REDIS_URL with a key prefix of this run only,
 * whose keys are deleted at the end.
 */
export async function createTestEnv(overrides: NodeJS.ProcessEnv = {}): Promise<TestEnv> {
  const runId = randomBytes(4).toString('hex');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    MONGODB_URI: process.env.MONGODB_URI,
    MONGODB_DB_NAME: `test_${runId}`,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_KEY_PREFIX: `test:${runId}:`,
    H5_DIST: '/nonexistent-h5-dist',
    // Generous in tests (a loaded CI machine must not turn a slow reply into a 503); resilience tests set it.
    REDIS_COMMAND_TIMEOUT_MS: '10000',
    MONGODB_TIMEOUT_MS: '15000',
    ...overrides,
  });
  const logs = new LogCapture();
  const logger = createLogger({ level: config.logLevel, destination: logs });
  const redis = await connectRedis(config.redis.url, config.redis.keyPrefix, logger, {
    commandTimeoutMs: config.redis.commandTimeoutMs,
  });
  const mongo = await connectMongo(config.mongo, logger);
  const wechat = await startWeChat(config);
  const deps: AppDeps = { config, logger, mongo, redis, wechat };
  const app = createApp(deps);
  await syncIndexes(mongo.connection);
  return {
    config,
    logger,
    logs,
    mongo,
    redis,
    deps,
    app,
    callback: app.callback(),
    async close() {
      await deleteKeys(redis, `${config.redis.keyPrefix}*`);
      if (config.mongo.uri) await mongo.connection.dropDatabase();
      await redis.close();
      await mongo.close();
      await wechat.close();
    },
  };
}

export async function deleteKeys(redis: RedisHandle, pattern: string): Promise<void> {
  if (redis.client.status !== 'ready') return;
  let cursor = '0';
  do {
    const [next, keys] = await redis.client.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    if (keys.length > 0) await redis.client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
