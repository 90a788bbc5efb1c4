/**
 * `npm run bench -w @app/mongo-embedded` (also part of the root `npm run bench`, alone with
 * BENCH_ONLY=engine): the engine's storage measured from the outside, through the real driver, with
 * the engine in its own process and 1 KB documents, at 1k / 100k / 300k documents. The journal
 * storage and the storage of old (`legacy-files`: whole-collection rewrites, no fsync) run side by
 * side in the same run. BENCH_SIZES=1000,100000 and BENCH_LEGACY_SIZES=... change the sizes
 * (BENCH_LEGACY_SIZES= with nothing skips the old storage).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { BSON } from 'bson';
import { MongoClient, ObjectId, type Collection, type Document } from 'mongodb';

type Engine = 'journal' | 'legacy-files';
const sizes = (v: string | undefined, dflt: number[]) =>
  v === undefined ? dflt : v.split(',').filter(Boolean).map(Number);
const SIZES = sizes(process.env.BENCH_SIZES, [1_000, 100_000, 300_000]);
const LEGACY_SIZES = sizes(process.env.BENCH_LEGACY_SIZES, SIZES);
const OPS = Number(process.env.BENCH_OPS ?? 400);
const packageDir = path.resolve(__dirname, '..');

const NOTE = '申请人已按一次性告知单提交全部材料，窗口受理后转部门审核。';
/** A 1 KB document (1,024 bytes of BSON with its ObjectId): strings, numbers, a date, a subdocument, an array. */
function makeDoc(i: number, groups: number): Document {
  return {
    _id: new ObjectId(),
    group: i % groups,
    seq: i,
    hall: `HALL${i % 20}`,
    status: ['submitted', 'accepted', 'reviewing', 'completed', 'handedOut'][i % 5],
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    fee: (i % 100) + 0.5,
    person: { name: '张三丰', phone: '138****1234', kind: 'person' },
    tags: ['onsite', 'mail'],
    note: NOTE,
    pad: 'x'.repeat(PAD),
  };
}
const PAD = 1024 - BSON.calculateObjectSize({ ...makeDocShape(), pad: '' });
function makeDocShape(): Document {
  return {
    _id: new ObjectId(),
    group: 123456,
    seq: 123456,
    hall: 'HALL10',
    status: 'reviewing',
    createdAt: new Date(),
    fee: 10.5,
    person: { name: '张三丰', phone: '138****1234', kind: 'person' },
    tags: ['onsite', 'mail'],
    note: NOTE,
  };
}

interface Running {
  child: ChildProcess;
  uri: string;
  /** The engine's own report of its start-up recovery (journal storage). */
  recoveryMs: () => number | undefined;
}

function startEngine(engine: Engine, dir: string): Promise<Running> {
  const child = spawn(
    process.execPath,
    [
      '--max-semi-space-size=32',
      '--import',
      'tsx',
      'src/cli.ts',
      '--port',
      '0',
      '--dbpath',
      dir,
      '--storage-engine',
      engine,
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  let recovery: number | undefined;
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4000);
    const m = /journal records replayed in (\d+) ms/.exec(stderr);
    if (m) recovery = Number(m[1]);
  });
  return new Promise((resolve, reject) => {
    readline
      .createInterface({ input: child.stdout! })
      .once('line', (uri) => resolve({ child, uri: uri.trim(), recoveryMs: () => recovery }));
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}: ${stderr}`)));
  });
}

async function stopEngine(r: Running): Promise<void> {
  const exited = new Promise((res) => r.child.once('exit', res));
  r.child.kill('SIGTERM');
  await exited;
}

function procStat(pid: number): { rssMb: number; writtenBytes: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const io = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
  return {
    rssMb: Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024,
    writtenBytes: Number(/wchar:\s+(\d+)/.exec(io)![1]),
  };
}

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (xs: number[], p: number) => xs.slice().sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];

interface Row {
  engine: Engine;
  size: number;
  insertMs: number;
  updateMs: number;
  findP50: number;
  findMean: number;
  bytesPerInsert: number;
  concurrentInserts: number;
  stallMs: number;
  checkpointMs?: number;
  restartMs: number;
  recoveryMs?: number;
  rssMb: number;
  preloadS: number;
}

async function preload(c: Collection, n: number, groups: number): Promise<void> {
  const batch = 1000;
  for (let i = 0; i < n; i += batch) {
    await c.insertMany(
      Array.from({ length: Math.min(batch, n - i) }, (_, k) => makeDoc(i + k, groups)),
      { ordered: false },
    );
  }
}

/**
 * The longest any client waited for one small operation while others write, during `during` (a
 * checkpoint for the journal; the old storage stalls on its own after each write).
 */
async function longestStall(
  c: Collection,
  ids: ObjectId[],
  groups: number,
  during: () => Promise<unknown>,
): Promise<number> {
  let stop = false;
  let worst = 0;
  const loops = Array.from({ length: 4 }, async (_, k) => {
    let i = 0;
    while (!stop) {
      const t = process.hrtime.bigint();
      if (k % 2) await c.findOne({ _id: ids[(i * 7919 + k) % ids.length] });
      else await c.insertOne(makeDoc(1_000_000 + i, groups));
      worst = Math.max(worst, ms(t));
      i++;
    }
  });
  await new Promise((r) => setTimeout(r, 300));
  await during();
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await Promise.all(loops);
  return worst;
}

async function measure(engine: Engine, size: number): Promise<Row> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${engine}-`));
  let running = await startEngine(engine, dir);
  try {
    let client = await new MongoClient(running.uri, { maxPoolSize: 60 }).connect();
    let c = client.db('bench').collection('docs');
    const groups = Math.max(1, Math.floor(size / 10));
    await c.createIndex({ group: 1 });
    const t0 = Date.now();
    await preload(c, size, groups);
    const preloadS = (Date.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 300)); // let the old storage's pending rewrite go by
    const ids = (
      await c
        .find({}, { projection: { _id: 1 } })
        .limit(5000)
        .toArray()
    ).map((d) => d._id as ObjectId);

    // Single inserts, one client, each waits for its acknowledgement.
    const before = procStat(running.child.pid!).writtenBytes;
    const inserts: number[] = [];
    for (let i = 0; i < OPS; i++) {
      const t = process.hrtime.bigint();
      await c.insertOne(makeDoc(size + i, groups));
      inserts.push(ms(t));
    }
    await new Promise((r) => setTimeout(r, 250)); // the old storage writes 100 ms after a write
    const bytesPerInsert = (procStat(running.child.pid!).writtenBytes - before) / OPS;

    const updates: number[] = [];
    for (let i = 0; i < OPS; i++) {
      const t = process.hrtime.bigint();
      await c.updateOne(
        { _id: ids[(i * 31) % ids.length] },
        { $set: { status: 'accepted' }, $inc: { seq: 1 } },
      );
      updates.push(ms(t));
    }
    const finds: number[] = [];
    for (let i = 0; i < OPS; i++) {
      const t = process.hrtime.bigint();
      await c.findOne({ group: (i * 7919) % groups });
      finds.push(ms(t));
    }

    // 50 clients inserting at once for 3 s: acknowledged (durable, for the journal) inserts per second.
    let done = 0;
    let stop = false;
    const t1 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 50 }, async (_, k) => {
        let i = 0;
        while (!stop) {
          await c.insertOne(makeDoc(2_000_000 + k * 100_000 + i++, groups));
          done++;
        }
      }).concat([new Promise<void>((r) => setTimeout(() => ((stop = true), r()), 3000))]),
    );
    const concurrentInserts = done / (ms(t1) / 1000);

    let checkpointMs: number | undefined;
    const stallMs = await longestStall(c, ids, groups, async () => {
      if (engine !== 'journal') return new Promise((r) => setTimeout(r, 2000));
      const t = process.hrtime.bigint();
      await client.db('admin').command({ fsync: 1 });
      checkpointMs = ms(t);
    });

    await client.close();
    await stopEngine(running);
    const t2 = process.hrtime.bigint();
    running = await startEngine(engine, dir);
    client = await new MongoClient(running.uri).connect();
    c = client.db('bench').collection('docs');
    await c.findOne({ group: 1 });
    const restartMs = ms(t2);
    const recoveryMs = running.recoveryMs();
    const rssMb = procStat(running.child.pid!).rssMb;
    await client.close();
    return {
      engine,
      size,
      insertMs: mean(inserts),
      updateMs: mean(updates),
      findP50: pct(finds, 0.5),
      findMean: mean(finds),
      bytesPerInsert,
      concurrentInserts,
      stallMs,
      checkpointMs,
      restartMs,
      recoveryMs,
      rssMb,
      preloadS,
    };
  } finally {
    await stopEngine(running).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const f = (n: number | undefined, d = 2) => (n === undefined ? '—' : n.toFixed(d));
const kib = (b: number) =>
  b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MiB` : `${(b / 1024).toFixed(1)} KiB`;

async function main(): Promise<void> {
  console.log(
    `Engine storage bench: ${BSON.calculateObjectSize(makeDoc(1, 1))}-byte documents, ${OPS} operations per figure, engine in its own process, on ${os.cpus().length} cores (load average ${os.loadavg()[0].toFixed(1)})`,
  );
  const rows: Row[] = [];
  for (const size of SIZES) {
    for (const engine of ['journal', 'legacy-files'] as Engine[]) {
      if (engine === 'legacy-files' && !LEGACY_SIZES.includes(size)) continue;
      process.stdout.write(`  ${engine} at ${size.toLocaleString('en')} documents… `);
      const row = await measure(engine, size);
      rows.push(row);
      console.log(`done (preload ${row.preloadS.toFixed(0)} s)`);
    }
  }
  const table = [
    [
      'storage',
      'docs',
      'insert ms',
      'update ms',
      'find p50 ms',
      'find mean',
      'written/insert',
      '50 clients ins/s',
      'longest stall ms',
      'checkpoint ms',
      'restart ms',
      'of which recovery',
      'RSS MB',
      'RSS/doc KB',
    ],
    ...rows.map((r) => [
      r.engine === 'journal' ? 'journal (durable)' : 'old files (no fsync)',
      r.size.toLocaleString('en'),
      f(r.insertMs),
      f(r.updateMs),
      f(r.findP50),
      f(r.findMean),
      kib(r.bytesPerInsert),
      f(r.concurrentInserts, 0),
      f(r.stallMs, 1),
      f(r.checkpointMs, 0),
      f(r.restartMs, 0),
      f(r.recoveryMs, 0),
      f(r.rssMb, 0),
      f((r.rssMb * 1024) / r.size, 2),
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log('');
  for (const row of table) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '));

  const j = (size: number) => rows.find((r) => r.engine === 'journal' && r.size === size);
  const small = j(Math.min(...SIZES));
  const big = j(Math.max(...SIZES));
  if (small && big && small !== big) {
    const goals: Array<[string, boolean, string]> = [
      [
        'mean insert at the largest size within 1.5x of the smallest',
        big.insertMs <= 1.5 * small.insertMs,
        `${f(big.insertMs)} vs ${f(small.insertMs)} ms`,
      ],
      [
        'mean update at the largest size within 1.5x of the smallest',
        big.updateMs <= 1.5 * small.updateMs,
        `${f(big.updateMs)} vs ${f(small.updateMs)} ms`,
      ],
      [
        '>= 5,000 durable inserts/s with 50 clients',
        big.concurrentInserts >= 5000,
        `${f(big.concurrentInserts, 0)}/s`,
      ],
      [
        'find by secondary index at the largest size within 2x of the smallest',
        big.findP50 <= 2 * small.findP50,
        `p50 ${f(big.findP50)} vs ${f(small.findP50)} ms`,
      ],
      [
        'restart at the largest size <= 5 s (process start to first answer)',
        big.restartMs <= 5000,
        `${f(big.restartMs, 0)} ms, of which ${f(big.recoveryMs, 0)} ms recovery`,
      ],
      ['longest client stall during a checkpoint <= 50 ms', big.stallMs <= 50, `${f(big.stallMs, 1)} ms`],
      [
        'RSS <= 2.5 KB per 1 KB document at the largest size',
        (big.rssMb * 1024) / big.size <= 2.5,
        `${f((big.rssMb * 1024) / big.size)} KB`,
      ],
    ];
    console.log('\nGoals (journal storage):');
    for (const [goal, ok, figure] of goals) console.log(`  ${ok ? 'met    ' : 'MISSED '} ${goal}: ${figure}`);
  }
}

main().catch((err) => {
  console.error('engine bench failed:', err);
  process.exit(1);
});
