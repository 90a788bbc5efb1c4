import { MongoClient } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { CursorRegistry } from '../src/cursor-registry';
import { itEmbedded } from './helpers/target';

itEmbedded('a TTL index removes expired documents on the background sweep', async () => {
  const server = await EmbeddedMongo.start({ port: 0, ttlSweepMs: 100 });
  const client = await new MongoClient(server.uri()).connect();
  try {
    const c = client.db('ttl').collection('sessions');
    await c.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 });
    await c.insertMany([
      { k: 'old', expiresAt: new Date(Date.now() - 1000) },
      { k: 'future', expiresAt: new Date(Date.now() + 60_000) },
      { k: 'no-date', expiresAt: 'not a date' },
    ]);
    await new Promise((r) => setTimeout(r, 400));
    expect((await c.find().toArray()).map((d) => d.k).sort()).toEqual(['future', 'no-date']);
    const [, spec] = await c.listIndexes().toArray();
    expect(spec.expireAfterSeconds).toBe(0);
  } finally {
    await client.close();
    await server.stop();
  }
});

it('idle cursors are closed by the sweep', () => {
  const registry = new CursorRegistry(1000);
  const batch = registry.open(
    'db.c',
    Array.from({ length: 5 }, (_, i) => ({ i })),
    2,
  );
  expect(batch.docs).toHaveLength(2);
  expect(registry.size).toBe(1);
  expect(registry.sweep(Date.now() + 500)).toBe(0);
  expect(registry.sweep(Date.now() + 5000)).toBe(1);
  expect(registry.get(batch.id)).toBeUndefined();
});

it('cursor ids are int64 Longs and the last batch closes the cursor', () => {
  const registry = new CursorRegistry(60_000);
  const first = registry.open('db.c', [{ a: 1 }, { a: 2 }, { a: 3 }], 1);
  expect(first.id._bsontype).toBe('Long');
  const rest = registry.next(first.id, undefined);
  expect(rest.docs).toEqual([{ a: 2 }, { a: 3 }]);
  expect(rest.id.isZero()).toBe(true);
  expect(registry.size).toBe(0);
});
