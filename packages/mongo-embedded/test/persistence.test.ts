import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Decimal128, MongoClient, ObjectId } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { itEmbedded } from './helpers/target';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mongo-embedded-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function withServer<T>(fn: (client: MongoClient, server: EmbeddedMongo) => Promise<T>): Promise<T> {
  const server = await EmbeddedMongo.start({ port: 0, dbPath: dir });
  const client = await new MongoClient(server.uri()).connect();
  try {
    return await fn(client, server);
  } finally {
    await client.close();
    await server.stop();
  }
}

itEmbedded('keeps documents, BSON types and indexes across stop/start', async () => {
  const id = new ObjectId();
  const when = new Date('2024-05-06T07:08:09.010Z');
  await withServer(async (client) => {
    const c = client.db('app').collection('things');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertOne({ _id: id, code: 'a', price: Decimal128.fromString('12.50'), when, big: 2 ** 40 });
    await client.db('app').collection('gone').insertOne({ x: 1 });
    await client.db('app').collection('gone').drop();
  });
  // One journal for the whole database (no per-collection files, no temp files left behind).
  expect(
    fs.readdirSync(dir).filter((f) => !/^(journal-[0-9a-f]{16}\.wal|snapshot-[0-9a-f]{16}\.snap)$/.test(f)),
  ).toEqual([]);

  await withServer(async (client) => {
    const c = client.db('app').collection('things');
    const doc = await c.findOne({ _id: id });
    expect(doc?.price).toBeInstanceOf(Decimal128);
    expect(doc?.price.toString()).toBe('12.50');
    expect(doc?.when).toEqual(when);
    expect(doc?.big).toBe(2 ** 40);
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'code_1']);
    await expect(c.insertOne({ code: 'a' })).rejects.toMatchObject({ code: 11000 });
    expect((await client.db('app').listCollections().toArray()).map((x) => x.name)).toEqual(['things']);
  });
});

itEmbedded('an acknowledged write is already in the journal on disk', async () => {
  await withServer(async (client) => {
    const journalBytes = () =>
      fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.wal'))
        .reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
    const before = journalBytes();
    await client
      .db('app')
      .collection('soon')
      .insertOne({ a: 1, text: 'x'.repeat(500) });
    expect(journalBytes()).toBeGreaterThan(before + 500);
  });
});

itEmbedded('dropDatabase is kept across restarts, and so is a checkpoint', async () => {
  await withServer(async (client, server) => {
    await client.db('tmpdb').collection('a').insertOne({ a: 1 });
    await client.db('keep').collection('b').insertOne({ b: 1 });
    await server.checkpoint();
    await client.db('tmpdb').dropDatabase();
  });
  await withServer(async (client) => {
    const names = (await client.db().admin().listDatabases()).databases.map((d) => d.name);
    expect(names).toContain('keep');
    expect(names).not.toContain('tmpdb');
    expect(await client.db('keep').collection('b').countDocuments()).toBe(1);
  });
});
