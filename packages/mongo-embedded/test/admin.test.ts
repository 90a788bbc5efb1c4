import { MongoServerError } from 'mongodb';
import { rawCommand, startTarget, usingRealMongo, type TestTarget } from './helpers/target';

let t: TestTarget;
beforeAll(async () => {
  t = await startTarget('admin');
});
afterAll(async () => {
  await t.stop();
});

describe('handshake and misc commands', () => {
  it('answers ping, hello and buildInfo as a standalone', async () => {
    expect(await t.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
    const hello = await t.db.admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, ok: 1 });
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    expect(hello.logicalSessionTimeoutMinutes).toBeGreaterThan(0);
    expect(hello.setName).toBeUndefined();
    const info = await t.db.admin().command({ buildInfo: 1 });
    expect(typeof info.version).toBe('string');
  });

  it('answers unknown commands with CommandNotFound (59)', async () => {
    const reply = await rawCommand(t.db, { frobnicate: 1 });
    expect(reply).toMatchObject({ ok: 0, code: 59, codeName: 'CommandNotFound' });
    expect(typeof reply.errmsg).toBe('string');
  });

  it('rejects transactions like a standalone mongod (20 IllegalOperation)', async () => {
    const session = t.client.startSession();
    try {
      session.startTransaction();
      const readErr = await t.db
        .collection('tx')
        .findOne({}, { session })
        .catch((e: unknown) => e);
      expect(readErr).toBeInstanceOf(MongoServerError);
      expect(readErr).toMatchObject({ code: 20, codeName: 'IllegalOperation' });
      expect((readErr as Error).message).toMatch(
        /Transaction numbers are only allowed on a replica set member or mongos/,
      );
    } finally {
      await session.abortTransaction().catch(() => undefined);
    }
    try {
      session.startTransaction();
      // For writes the driver rewraps code 20 as its "does not support retryable writes" error.
      const writeErr = await t.db
        .collection('tx')
        .insertOne({ a: 1 }, { session })
        .then(
          () => undefined,
          (e: unknown) => e as { originalError?: { code?: number } },
        );
      expect(writeErr?.originalError?.code).toBe(20);
      expect(await t.db.collection('tx').countDocuments()).toBe(0);
    } finally {
      await session.abortTransaction().catch(() => undefined);
      await session.endSession();
    }
  });
});

describe('collections and databases', () => {
  it('creates, lists and drops collections', async () => {
    await t.db.createCollection('c1');
    await t.db.collection('c2').insertOne({ x: 1 });
    const names = (await t.db.listCollections().toArray()).map((c) => c.name).sort();
    expect(names).toEqual(expect.arrayContaining(['c1', 'c2']));
    expect(
      (await t.db.listCollections({ name: 'c1' }, { nameOnly: true }).toArray()).map((c) => c.name),
    ).toEqual(['c1']);
    expect(await t.db.collection('c1').drop()).toBe(true);
    expect((await t.db.listCollections({ name: 'c1' }).toArray()).length).toBe(0);
  });

  it('NamespaceExists (48) when creating an existing collection with other options', async () => {
    await t.db.createCollection('exists');
    const reply = await rawCommand(t.db, { create: 'exists', capped: true, size: 4096 });
    expect(reply).toMatchObject({ ok: 0, code: 48, codeName: 'NamespaceExists' });
  });

  it('NamespaceNotFound (26) for listIndexes/dropIndexes on a missing collection', async () => {
    expect(await rawCommand(t.db, { listIndexes: 'nope' })).toMatchObject({
      ok: 0,
      code: 26,
      codeName: 'NamespaceNotFound',
    });
    expect(await rawCommand(t.db, { dropIndexes: 'nope', index: '*' })).toMatchObject({ ok: 0, code: 26 });
  });

  it('lists and drops databases', async () => {
    const other = t.client.db(`${t.dbName}_other`);
    await other.collection('x').insertOne({ a: 1 });
    const { databases } = await t.db.admin().listDatabases();
    expect(databases.map((d) => d.name)).toEqual(expect.arrayContaining([t.dbName, `${t.dbName}_other`]));
    expect(await other.dropDatabase()).toBe(true);
    const after = await t.db.admin().listDatabases({ nameOnly: true });
    expect(after.databases.map((d) => d.name)).not.toContain(`${t.dbName}_other`);
  });
});

describe('indexes', () => {
  it('creates, lists and drops indexes', async () => {
    const c = t.db.collection('idx');
    await c.createIndex({ a: 1 });
    await c.createIndex({ b: 1, c: -1 }, { name: 'bc' });
    expect(await c.createIndex({ a: 1 })).toBe('a_1'); // idempotent
    const names = (await c.listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(['_id_', 'a_1', 'bc']);
    await c.dropIndex('bc');
    await c.dropIndex({ a: 1 } as never);
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    expect(await rawCommand(t.db, { dropIndexes: 'idx', index: 'nope' })).toMatchObject({
      ok: 0,
      code: 27,
      codeName: 'IndexNotFound',
    });
  });

  it('unique index violation: writeErrors with keyPattern and keyValue, real errmsg', async () => {
    const c = t.db.collection('uniq');
    await c.createIndex({ email: 1 }, { unique: true });
    await c.insertOne({ email: 'a@x.io' });
    const reply = await rawCommand(t.db, { insert: 'uniq', documents: [{ email: 'a@x.io' }] });
    expect(reply.ok).toBe(1);
    expect(reply.n).toBe(0);
    const [we] = reply.writeErrors as Array<Record<string, unknown>>;
    expect(we).toMatchObject({
      index: 0,
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: 'a@x.io' },
    });
    expect(we.errmsg).toBe(
      `E11000 duplicate key error collection: ${t.dbName}.uniq index: email_1 dup key: { email: "a@x.io" }`,
    );
  });

  it('a failed unique update changes nothing', async () => {
    const c = t.db.collection('uniq_upd');
    await c.createIndex({ code: 1 }, { unique: true });
    await c.insertMany([
      { code: 'A', n: 1 },
      { code: 'B', n: 1 },
    ]);
    await expect(c.updateOne({ code: 'B' }, { $set: { code: 'A', n: 2 } })).rejects.toMatchObject({
      code: 11000,
    });
    expect(await c.findOne({ code: 'B' }, { projection: { _id: 0 } })).toEqual({ code: 'B', n: 1 });
    await expect(c.findOneAndUpdate({ code: 'B' }, { $set: { code: 'A' } })).rejects.toMatchObject({
      code: 11000,
      keyValue: { code: 'A' },
    });
    await c.updateOne({ code: 'B' }, { $set: { code: 'C' } });
    await c.insertOne({ code: 'B' }); // old key was released
    expect(await c.countDocuments()).toBe(3);
  });

  it('compound unique, sparse and partial unique indexes', async () => {
    const c = t.db.collection('uniq_more');
    await c.createIndex({ a: 1, b: 1 }, { unique: true });
    await c.insertMany([
      { a: 1, b: 1 },
      { a: 1, b: 2 },
    ]);
    await expect(c.insertOne({ a: 1, b: 2 })).rejects.toMatchObject({
      code: 11000,
      keyValue: { a: 1, b: 2 },
    });

    const s = t.db.collection('uniq_sparse');
    await s.createIndex({ nick: 1 }, { unique: true, sparse: true });
    await s.insertMany([{ x: 1 }, { x: 2 }, { nick: 'n' }]);
    await expect(s.insertOne({ nick: 'n' })).rejects.toMatchObject({ code: 11000 });

    const p = t.db.collection('uniq_partial');
    await p.createIndex({ slot: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await p.insertMany([
      { slot: 1, active: false },
      { slot: 1, active: false },
      { slot: 1, active: true },
    ]);
    await expect(p.insertOne({ slot: 1, active: true })).rejects.toMatchObject({ code: 11000 });
    const spec = (await p.listIndexes().toArray()).find((i) => i.name === 'slot_1');
    expect(spec).toMatchObject({ unique: true, partialFilterExpression: { active: true } });
  });

  it('refuses to build a unique index over duplicate data', async () => {
    const c = t.db.collection('uniq_build');
    await c.insertMany([{ k: 1 }, { k: 1 }]);
    await expect(c.createIndex({ k: 1 }, { unique: true })).rejects.toMatchObject({ code: 11000 });
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
  });

  it('reports conflicting index definitions', async () => {
    const c = t.db.collection('idx_conflict');
    await c.createIndex({ a: 1 }, { name: 'same' });
    await expect(c.createIndex({ b: 1 }, { name: 'same' })).rejects.toMatchObject({ code: 86 });
    await expect(c.createIndex({ a: 1 }, { name: 'other' })).rejects.toMatchObject({ code: 85 });
  });

  (usingRealMongo ? it.skip : it)('cannot drop the _id index', async () => {
    await t.db.collection('idx_id').insertOne({});
    expect(await rawCommand(t.db, { dropIndexes: 'idx_id', index: '_id_' })).toMatchObject({
      ok: 0,
      code: 72,
    });
  });
});
