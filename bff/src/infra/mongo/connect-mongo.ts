import { EmbeddedMongo } from '@app/mongo-embedded';
import mongoose, { type Connection } from 'mongoose';
import type { AppConfig } from '../../config/config';
import type { Logger } from '../logger';
import { startEngineProcess } from './engine-process';

export type MongoSource = 'uri' | 'mongod-binary' | 'embedded';

export interface MongoHandle {
  connection: Connection;
  source: MongoSource;
  uri: string;
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

interface Provided {
  uri: string;
  source: MongoSource;
  stop: () => Promise<void>;
}

/**
 * Precedence: MONGODB_URI if set → a real mongod through mongodb-memory-server-core when MONGOD_BINARY
 * points to one → the embedded engine. With a data folder (EMBEDDED_DB_PATH, `.data/mongo` for
 * `npm start`) the engine runs as its own process (see engine-process.ts); memory-only (tests) it runs
 * inside this process.
 */
async function provideServer(config: AppConfig['mongo'], logger: Logger): Promise<Provided> {
  if (config.uri) {
    return { uri: config.uri, source: 'uri', stop: async () => {} };
  }
  if (config.mongodBinary) {
    const { MongoMemoryServer } = await import('mongodb-memory-server-core');
    const server = await MongoMemoryServer.create({ binary: { systemBinary: config.mongodBinary } });
    return { uri: server.getUri(), source: 'mongod-binary', stop: async () => void (await server.stop()) };
  }
  if (config.embeddedDbPath) {
    const engine = await startEngineProcess(config.embeddedDbPath, logger, (message) => {
      logger.fatal(message);
      // Without its database the BFF can answer nothing: exit so a supervisor (or the person) sees it.
      process.exit(1);
    });
    logger.info(
      { pid: engine.pid, dbPath: config.embeddedDbPath },
      'embedded MongoDB engine started as its own process',
    );
    return { uri: engine.uri, source: 'embedded', stop: () => engine.stop() };
  }
  const engine = await EmbeddedMongo.start({
    port: 0,
    logger: { info: (m) => logger.info(m), warn: (m) => logger.warn(m) },
  });
  return { uri: engine.uri(), source: 'embedded', stop: () => engine.stop() };
}

/** Hides credentials when the URI is logged. */
export function redactMongoUri(uri: string): string {
  return uri.replace(/\/\/([^@/]+)@/, '//***@');
}

export async function connectMongo(config: AppConfig['mongo'], logger: Logger): Promise<MongoHandle> {
  const provided = await provideServer(config, logger);
  // mongoose holds operations while disconnected; they fail after this instead of the default 10 s.
  if (config.timeoutMs) mongoose.set('bufferTimeoutMS', config.timeoutMs);
  const connection = mongoose.createConnection(provided.uri, {
    dbName: config.dbName,
    // A MongoDB that cannot be reached fails an operation within MONGODB_TIMEOUT_MS (answered 503 by
    // the error handler) instead of holding the request; mongoose's buffering waits no longer either.
    serverSelectionTimeoutMS: config.timeoutMs ?? 5000,
    autoIndex: false,
  });
  await connection.asPromise();
  logger.info(
    { mongo: provided.source, uri: redactMongoUri(provided.uri), db: config.dbName },
    `MongoDB: using ${provided.source === 'embedded' ? 'the embedded engine' : provided.source}`,
  );
  return {
    connection,
    source: provided.source,
    uri: provided.uri,
    async ping(timeoutMs = 1000) {
      try {
        const db = connection.db;
        if (!db) return false;
        await withTimeout(db.admin().ping(), timeoutMs);
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
      await provided.stop();
    },
  };
}

/** Creates every registered model's indexes (the app starts with autoIndex off to control when). */
export async function syncIndexes(connection: Connection): Promise<void> {
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
