import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import type { AppDeps } from './app-deps';
import type { AppConfig } from './config/config';
import { createLifecycle } from './http/middleware/drain';
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
import { portTakenMessage } from './infra/start-checks';
import { startConsultationsBackground } from './modules/consultations/consultations.runtime';
import { startEnterprisesBackground } from './modules/enterprises/enterprises.runtime';
import { startHolidayNotices } from './modules/calendar';
import { ratingsOf } from './modules/ratings';
import { seedDemoRatings } from './modules/ratings/demo/seed-ratings';

/** After SIGTERM, how long requests are still answered (503, draining) before the listener closes. */
const DRAIN_GRACE_MS = 300;

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
  const redis = await connectRedis(redisServer.url, config.redis.keyPrefix, logger, {
    commandTimeoutMs: config.redis.commandTimeoutMs,
  });
  const mongo = await connectMongo(config.mongo, logger);
  const wechat = await startWeChat(config);
  if (wechat.fake)
    logger.warn(`WeChat: WECHAT_API_BASE unset, using the fake WeChat server at ${wechat.apiBase}`);
  const lifecycle = createLifecycle();
  const deps: AppDeps = { config, logger, mongo, redis, wechat, lifecycle };
  const app = createApp(deps);
  await syncIndexes(mongo.connection);
  if (config.env !== 'test') {
    await seedDemoCatalogIfEmpty(deps);
    await seedDemoAccounts(deps);
    await seedDemoRatings(deps);
  }
  // Background workers (job queues on Redis), off in tests unless BACKGROUND_JOBS=on (process tests);
  // other tests start the ones they exercise themselves.
  const workers: Array<{ close(): Promise<void> }> = config.backgroundJobs
    ? [casesOf(deps).startWorker({ templateId: config.wechat.templates.caseStatus })]
    : [];
  if (config.backgroundJobs)
    workers.push(
      await startAppointmentsBackground(deps, { seedDemo: !config.isProduction && config.env !== 'test' }),
    );
  const seedDemo = !config.isProduction && config.env !== 'test';
  if (config.backgroundJobs) workers.push(await startConsultationsBackground(deps, { seedDemo }));
  if (config.backgroundJobs) workers.push(await startComplaintsBackground(deps, { seedDemo }));
  if (config.backgroundJobs) workers.push(await startEnterprisesBackground(deps, { seedDemo }));
  // The yearly holiday notices, in memory before the first request (reloaded on every import).
  workers.push(await startHolidayNotices(deps));
  // The ratings worker before the sweep: creating the module registers its outbox collections.
  if (config.backgroundJobs) workers.push(ratingsOf(deps).startWorker());
  // What a crash or a Redis outage left in the outbox is relayed now, then swept every 30 s
  // (every module above has registered its outbox collections by now).
  if (config.backgroundJobs) workers.push(outboxOf(deps).start(30_000));

  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (err: NodeJS.ErrnoException) => {
    await Promise.all(workers.map((w) => w.close()));
    await outboxOf(deps).close();
    await Promise.all([redis.close(), mongo.close(), redisServer.stop(), wechat.close()]);
    throw err.code === 'EADDRINUSE' ? new Error(portTakenMessage(config.http.host, config.http.port)) : err;
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${port}`;
  logger.info({ url }, `BFF listening on ${url}`);

  let closing: Promise<void> | undefined;
  const shutdown = () =>
    (closing ??= (async () => {
      const started = Date.now();
      // Draining (http/middleware/drain.ts): readiness 503 at once, `Connection: close` on every
      // response, new requests on kept-alive connections refused with 503, in-flight ones finish.
      lifecycle.startDraining();
      logger.info(
        { inFlight: lifecycle.inFlight },
        'shutting down: draining (readiness 503, finishing in-flight requests)',
      );
      // A short grace first: whoever asks now (a readiness probe, a request on a kept-alive
      // connection) is answered 503 with `Connection: close` rather than reset. Then the listener
      // closes (Node closes the idle keep-alive sockets with it); a socket whose request is in flight
      // closes after its response (Connection: close).
      await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      void lifecycle.idle().then(() => server.closeIdleConnections());
      const forced = setTimeout(() => server.closeAllConnections(), config.http.shutdownTimeoutMs);
      await closed;
      clearTimeout(forced);
      await Promise.all(workers.map((w) => w.close()));
      await outboxOf(deps).close();
      await redis.close();
      await mongo.close();
      await redisServer.stop();
      await wechat.close();
      logger.info({ ms: Date.now() - started }, 'shutdown complete');
    })());

  return { url, deps, server, shutdown } satisfies RunningServer;
}
