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
  expect(fs.readdirSync(path.join(dir, 'app'))).toEqual(['things.bson']); // no temp files, dropped file removed

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

itEmbedded('flushes shortly after writes, before stop', async () => {
  await withServer(async (client) => {
    await client.db('app').collection('soon').insertOne({ a: 1 });
    await new Promise((r) => setTimeout(r, 400));
    expect(fs.existsSync(path.join(dir, 'app', 'soon.bson'))).toBe(true);
  });
});

itEmbedded('dropDatabase removes its files', async () => {
  await withServer(async (client) => {
    await client.db('tmpdb').collection('a').insertOne({ a: 1 });
    await client.db('tmpdb').dropDatabase();
  });
  expect(fs.existsSync(path.join(dir, 'tmpdb'))).toBe(false);
});
