import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo } from '../src';
import { usingRealMongo } from './helpers/target';

/**
 * Real disk errors, on real (tiny) file systems: a 2 MB tmpfs that fills up (ENOSPC), and a
 * read-only tmpfs (EROFS). Mounting needs root, as on our CI machines; elsewhere this suite is
 * skipped and durability.test.ts covers the same path with an injected ENOSPC. (Linux will not
 * remount a file system read-only while the engine holds its journal open for writing, so the
 * read-only case is a folder that is read-only from the start.)
 */
function tryMount(dir: string, options: string): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status === 0;
}

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'mongo-tinydisk-'));
const readOnlyPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'mongo-rodisk-'));
const mounted = !usingRealMongo && tryMount(mountPoint, 'size=2m');
const readOnly = mounted && tryMount(readOnlyPoint, 'size=1m,ro');
const describeMounted = mounted ? describe : describe.skip;

afterAll(() => {
  for (const [dir, isMounted] of [
    [mountPoint, mounted],
    [readOnlyPoint, readOnly],
  ] as const) {
    if (isMounted) spawnSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describeMounted('on a tiny tmpfs', () => {
  it('disk full: errors reach the client, nothing acknowledged is lost, reads go on, writes resume', async () => {
    const dbPath = path.join(mountPoint, 'db');
    const ballast = path.join(mountPoint, 'ballast');
    fs.writeFileSync(ballast, Buffer.alloc(600 * 1024));
    const acked: number[] = [];
    let server = await EmbeddedMongo.start({ port: 0, dbPath });
    let client = await new MongoClient(server.uri()).connect();
    let c = client.db('app').collection<{ _id: number; pad: string }>('big');
    try {
      // Fill the disk: 100 KB documents until the journal cannot take one more.
      let refused: Error | undefined;
      for (let i = 0; i < 40 && !refused; i++) {
        try {
          await c.insertOne({ _id: i, pad: 'x'.repeat(100 * 1024) });
          acked.push(i);
        } catch (err) {
          refused = err as Error;
        }
      }
      expect(refused).toMatchObject({
        codeName: 'OperationFailed',
        message: expect.stringMatching(/ENOSPC/),
      });
      expect(acked.length).toBeGreaterThan(3);
      // The refused write is not there; reads are served; writes keep failing while the disk is full.
      expect((await c.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual(acked);
      await expect(c.insertOne({ _id: 999, pad: 'y'.repeat(100 * 1024) })).rejects.toMatchObject({
        codeName: 'OperationFailed',
      });

      // Space comes back: writes are accepted again.
      fs.rmSync(ballast);
      await c.insertOne({ _id: 1000, pad: 'small' });
      acked.push(1000);
    } finally {
      await client.close();
      await server.stop();
    }
    server = await EmbeddedMongo.start({ port: 0, dbPath });
    client = await new MongoClient(server.uri()).connect();
    c = client.db('app').collection('big');
    expect((await c.find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id)).toEqual(acked);
    expect((await c.findOne({ _id: 1000 }))?.pad).toBe('small');
    await client.close();
    await server.stop();
  }, 60_000);

  (readOnly ? it : it.skip)('a read-only data folder stops start-up with an error naming it', async () => {
    await expect(EmbeddedMongo.start({ port: 0, dbPath: readOnlyPoint })).rejects.toThrow(/EROFS|read-only/);
  });
});

if (!mounted) {
  it.skip('tiny tmpfs disk errors (needs root to mount a tmpfs; injected ENOSPC is tested in durability.test.ts)', () =>
    undefined);
}
