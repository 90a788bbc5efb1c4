import { randomBytes } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { EmbeddedMongo, type EmbeddedMongoOptions } from '../../src';

/**
 * Where a suite runs: a real MongoDB when MONGODB_URI is set (each run gets its own database),
 * otherwise a fresh EmbeddedMongo on a random port. Suites use only `uri`, `dbName` and `client`.
 */
export interface TestTarget {
  uri: string;
  dbName: string;
  client: MongoClient;
  db: Db;
  /** Set only when running against EmbeddedMongo. */
  server?: EmbeddedMongo;
  stop(): Promise<void>;
}

export const usingRealMongo = Boolean(process.env.MONGODB_URI);

/** `it` for behaviour only EmbeddedMongo has (CLI, dbPath, fast TTL sweep). */
export const itEmbedded = usingRealMongo ? it.skip : it;

export async function startTarget(prefix: string, opts: EmbeddedMongoOptions = {}): Promise<TestTarget> {
  const dbName = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const server = usingRealMongo ? undefined : await EmbeddedMongo.start({ port: 0, ...opts });
  const uri = process.env.MONGODB_URI ?? (server as EmbeddedMongo).uri();
  const client = await new MongoClient(uri).connect();
  return {
    uri,
    dbName,
    client,
    db: client.db(dbName),
    server,
    async stop() {
      if (usingRealMongo)
        await client
          .db(dbName)
          .dropDatabase()
          .catch(() => undefined);
      await client.close();
      await server?.stop();
    },
  };
}

/** Runs a raw command and returns the server's reply even when it is an error ({ok: 0}). */
export async function rawCommand(db: Db, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  try {
    return await db.command(command);
  } catch (err) {
    const e = err as { errorResponse?: Record<string, unknown> };
    if (e.errorResponse) return e.errorResponse;
    throw err;
  }
}
