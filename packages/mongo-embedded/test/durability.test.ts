import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, type EmbeddedMongoOptions } from '../src';
import { nodeDiskIo, type DiskIo } from '../src/storage/disk-io';
import { itEmbedded } from './helpers/target';

/**
 * The journal and snapshots on their own (in this process): a torn last record is dropped, any
 * other damage stops start-up naming the file, a write the disk refuses is undone and answered with
 * an error, and a checkpoint taken under writes restarts to the same data.
 */
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mongo-durable-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function withServer<T>(
  fn: (client: MongoClient, server: EmbeddedMongo) => Promise<T>,
  opts: EmbeddedMongoOptions = {},
): Promise<T> {
  const server = await EmbeddedMongo.start({ port: 0, dbPath: dir, ...opts });
  const client = await new MongoClient(server.uri()).connect();
  try {
    return await fn(client, server);
  } finally {
    await client.close();
    await server.stop();
  }
}

const journals = () =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.wal'))
    .sort();
const lastJournal = () => path.join(dir, journals()[journals().length - 1]);

itEmbedded('a torn last journal record is dropped; everything before it is kept', async () => {
  await withServer(async (client) => {
    const c = client.db('app').collection('t');
    for (let i = 0; i < 20; i++) await c.insertOne({ _id: i as never, pad: 'p'.repeat(200) });
  });
  const file = lastJournal();
  const size = fs.statSync(file).size;
  fs.truncateSync(file, size - 100); // cut the last record (the insert of 19) in the middle
  const warnings: string[] = [];
  await withServer(
    async (client) => {
      const ids = (await client.db('app').collection('t').find().toArray()).map((d) => d._id);
      expect(ids).toEqual(Array.from({ length: 19 }, (_, i) => i));
      // The journal goes on after the good prefix: new writes survive the next restart.
      await client
        .db('app')
        .collection('t')
        .insertOne({ _id: 100 as never });
    },
    { logger: { info: () => undefined, warn: (m) => warnings.push(m) } },
  );
  expect(warnings.join('\n')).toMatch(/dropped a torn last record/);
  await withServer(async (client) => {
    expect(await client.db('app').collection('t').countDocuments()).toBe(20);
  });
});

itEmbedded('a damaged record in the middle of the journal stops start-up, naming the file', async () => {
  await withServer(async (client) => {
    const c = client.db('app').collection('t');
    for (let i = 0; i < 10; i++) await c.insertOne({ _id: i as never, pad: 'p'.repeat(200) });
  });
  const file = lastJournal();
  const bytes = fs.readFileSync(file);
  bytes[Math.floor(bytes.length / 3)] ^= 0xff;
  fs.writeFileSync(file, bytes);
  await expect(EmbeddedMongo.start({ port: 0, dbPath: dir })).rejects.toThrow(
    new RegExp(
      `damaged file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} at byte \\d+: checksum mismatch.*Restore the data folder`,
    ),
  );
  // Nothing was changed or deleted.
  expect(fs.readFileSync(file)).toEqual(bytes);
});

itEmbedded('a damaged snapshot stops start-up, naming it', async () => {
  await withServer(async (client, server) => {
    await client
      .db('app')
      .collection('t')
      .insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
    await server.checkpoint();
  });
  const snap = fs.readdirSync(dir).find((f) => f.endsWith('.snap'))!;
  const file = path.join(dir, snap);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 40] ^= 0x01;
  fs.writeFileSync(file, bytes);
  await expect(EmbeddedMongo.start({ port: 0, dbPath: dir })).rejects.toThrow(
    /damaged file .*snapshot-.*\.snap/,
  );
});

itEmbedded('a checkpoint taken while writes go on restarts to exactly the acknowledged data', async () => {
  const acked: number[] = [];
  await withServer(
    async (client, server) => {
      const c = client.db('app').collection('t');
      await c.createIndex({ k: 1 });
      const writers = Array.from({ length: 5 }, async (_, w) => {
        for (let i = 0; i < 60; i++) {
          const n = w * 1000 + i;
          await c.insertOne({ _id: n as never, k: n % 7, pad: 'x'.repeat(300) });
          acked.push(n);
          if (i % 10 === 0) await c.updateOne({ _id: (w * 1000) as never }, { $inc: { bumps: 1 } });
        }
      });
      const checkpoints = (async () => {
        for (let i = 0; i < 3; i++) {
          await new Promise((r) => setTimeout(r, 30));
          await server.checkpoint();
        }
      })();
      await Promise.all([...writers, checkpoints]);
    },
    { checkpointBytes: 20_000 },
  );
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.snap'))).toHaveLength(1);
  await withServer(async (client) => {
    const c = client.db('app').collection('t');
    const ids = (await c.find({}, { projection: { _id: 1 } }).toArray()).map(
      (d) => d._id as unknown as number,
    );
    expect(ids.sort((a, b) => a - b)).toEqual(acked.sort((a, b) => a - b));
    expect((await c.findOne({ _id: 0 as never }))?.bumps).toBe(6);
    expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'k_1']);
  });
});

/** Fails every journal write while `failing` is set, the way a full disk does. */
function failingIo(state: { failing: boolean }): DiskIo {
  const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  return {
    ...nodeDiskIo,
    write: async (fd, buf, pos) => {
      if (state.failing) throw enospc();
      return nodeDiskIo.write(fd, buf, pos);
    },
    fdatasync: async (fd) => {
      if (state.failing) throw enospc();
      return nodeDiskIo.fdatasync(fd);
    },
  };
}

itEmbedded(
  'a write the disk refuses is undone and answered with an error; reads go on; writes resume',
  async () => {
    const state = { failing: false };
    await withServer(
      async (client) => {
        const c = client.db('app').collection('t');
        await c.insertOne({ _id: 1 as never, n: 1 });
        state.failing = true;
        await expect(c.updateOne({ _id: 1 as never }, { $set: { n: 2 } })).rejects.toMatchObject({
          codeName: 'OperationFailed',
          message: expect.stringMatching(/not made durable and has been undone.*ENOSPC/),
        });
        await expect(c.insertOne({ _id: 2 as never })).rejects.toMatchObject({ codeName: 'OperationFailed' });
        // Memory is back to what is on disk, and reads are served.
        expect(await c.find().toArray()).toEqual([{ _id: 1, n: 1 }]);
        state.failing = false;
        await c.updateOne({ _id: 1 as never }, { $set: { n: 3 } });
      },
      { diskIo: failingIo(state) },
    );
    await withServer(async (client) => {
      expect(await client.db('app').collection('t').find().toArray()).toEqual([{ _id: 1, n: 3 }]);
    });
  },
);

itEmbedded('after a restart, indexes are rebuilt in the background and then used again', async () => {
  await withServer(async (client, server) => {
    const c = client.db('app').collection('idx');
    await c.createIndex({ k: 1 });
    await c.insertMany(Array.from({ length: 3000 }, (_, i) => ({ k: i % 100 })));
    await server.checkpoint();
  });
  await withServer(async (client) => {
    const c = client.db('app').collection('idx');
    // Right away the answer is right, whether or not the index is ready yet.
    expect(await c.countDocuments({ k: 7 })).toBe(30);
    await c.insertOne({ k: 7 });
    let plan = '';
    for (let i = 0; i < 100 && !plan.includes('k_1'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      plan = JSON.stringify(await c.find({ k: 7 }).explain('queryPlanner'));
    }
    expect(plan).toContain('k_1');
    // serverStatus says when no rebuild is left (what a bench waits for before it measures).
    const status = await client.db('admin').command({ serverStatus: 1 });
    expect(status.indexBuilds).toEqual({ inProgress: 0 });
    expect(await c.countDocuments({ k: 7 })).toBe(31);
    expect(await c.find({ k: 7 }).hint({ k: 1 }).toArray()).toHaveLength(31);
  });
});
