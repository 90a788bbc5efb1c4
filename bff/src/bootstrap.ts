import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { AppDeps } from './app-deps';
import type { AppConfig } from './config/config';
import { createLogger, type Logger } from './infra/logger';
import { connectMongo, syncIndexes } from './infra/mongo/connect-mongo';
import { connectRedis } from './infra/redis/connect-redis';
import { ensureRedis } from './infra/redis/ensure-redis';
import { startWeChat } from './modules/auth/wechat/wechat-deps';
import { casesOf } from './modules/cases/cases.module';
import { seedDemoCatalogIfEmpty } from './modules/catalog/demo/seed-demo';
import { startAppointmentsBackground } from './modules/appointments/appointments.runtime';
import { startComplaintsBackground } from './modules/complaints/complaints.runtime';
import { seedDemoAccounts } from './modules/users/demo/demo-accounts';
import { outboxOf } from './modules/notifications';

export interface RunningServer {
  url: string;
  deps: AppDeps;
  server: http.Server;
  /** Stops accepting, lets in-flight requests finish (up to the timeout), then closes the stores. */
  shutdown(): Promise<void>;
}

/** Connects the stores, builds the app and listens: what `npm start` and the process tests run. */
export async function startServer(
  config: AppConfig,
  logger: Logger = createLogger({ level: config.logLevel }),
) {
  const redisServer = await ensureRedis(config.redis.url);
  if (redisServer.child) logger.warn(`Redis: none at REDIS_URL, started redis-server at ${redisServer.url}`);
  const redis = await connectRedis(redisServer.url, config.redis.keyPrefix, logger);
  const mongo = await connectMongo(config.mongo, logger);
  const wechat = await startWeChat(config);
  if (wechat.fake)
    logger.warn(`WeChat: WECHAT_API_BASE unset, using the fake WeChat server at ${wechat.apiBase}`);
  const deps: AppDeps = { config, logger, mongo, redis, wechat };
  const app = createApp(deps);
  await syncIndexes(mongo.connection);
  if (config.env !== 'test') {
    await seedDemoCatalogIfEmpty(deps);
    await seedDemoAccounts(deps);
  }
  // Background workers (job queues on Redis). Tests start the ones they exercise themselves.
  const workers: Array<{ close(): Promise<void> }> =
    config.env === 'test'
      ? []
      : [casesOf(deps).startWorker({ templateId: config.wechat.templates.caseStatus })];
  if (config.env !== 'test')
    workers.push(await startAppointmentsBackground(deps, { seedDemo: !config.isProduction }));
  if (config.env !== 'test')
    workers.push(await startComplaintsBackground(deps, { seedDemo: !config.isProduction }));
  // What a crash or a Redis outage left in the outbox is relayed now, then swept every 30 s.
  if (config.env !== 'test') workers.push(outboxOf(deps).start(30_000));

  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(config.http.port, config.http.host, resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${port}`;
  logger.info({ url }, `BFF listening on ${url}`);

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), config.http.shutdownTimeoutMs);
      await closed;
      clearTimeout(forced);
      await Promise.all(workers.map((w) => w.close()));
      await outboxOf(deps).close();
      await redis.close();
      await mongo.close();
      await redisServer.stop();
      await wechat.close();
      logger.info('shutdown complete');
    })());

  return { url, deps, server, shutdown } satisfies RunningServer;
}
