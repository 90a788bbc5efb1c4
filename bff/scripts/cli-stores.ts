import { loadConfig, ConfigError, type AppConfig } from '../src/config/config';
import { createLogger, type Logger } from '../src/infra/logger';
import { connectMongo, syncIndexes, type MongoHandle } from '../src/infra/mongo/connect-mongo';
import { connectRedis, type RedisHandle } from '../src/infra/redis/connect-redis';
import { ensureRedis } from '../src/infra/redis/ensure-redis';
import { createCatalog, type Catalog } from '../src/modules/catalog/catalog.module';

export interface CliStores {
  config: AppConfig;
  logger: Logger;
  mongo: MongoHandle;
  redis: RedisHandle;
  catalog: Catalog;
  close(): Promise<void>;
}

/**
 * The same stores `npm start` uses (same environment variables), so what a script writes is what
 * the BFF serves; the catalog version bump tells running BFFs to drop their caches.
 * Logs go to stderr at warn level so the script's own output stays readable.
 */
export async function openStores(): Promise<CliStores> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });
  const redisServer = await ensureRedis(config.redis.url);
  const redis = await connectRedis(redisServer.url, config.redis.keyPrefix, logger);
  const mongo = await connectMongo(config.mongo, logger);
  const catalog = createCatalog({ logger, mongo, redis });
  await syncIndexes(mongo.connection);
  return {
    config,
    logger,
    mongo,
    redis,
    catalog,
    async close() {
      await redis.close();
      await mongo.close();
      await redisServer.stop();
    },
  };
}

/** A `cli-progress` bar on stderr for the write phase, or nothing when stderr is not a terminal. */
export async function progressBar(label: string) {
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total}`,
      stream: process.stderr,
      noTTYOutput: false,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number) {
      if (started) return bar.update(done);
      bar.start(total, done);
      started = true;
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
