import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { MongoClient } from 'mongodb';
import { itEmbedded } from './helpers/target';

/**
 * `kill -9` of the engine process, over and over, while several clients stream acknowledged writes
 * into several collections. After every restart: each acknowledged write is there, and the
 * collections agree (no event is ahead of the counter it took its number from: one consistent
 * prefix of the journal, never one collection ahead of another).
 */
const KILLS = Number(process.env.CRASH_KILLS ?? 20);
// On a loaded machine each restart (a Node process compiling the engine, then recovery) can take
// ten times longer: after this budget the test stops killing, but never before MIN_KILLS rounds.
const MIN_KILLS = Math.min(KILLS, 6);
const BUDGET_MS = Number(process.env.CRASH_BUDGET_MS ?? 120_000);
const CLIENTS = 4;
const packageDir = path.resolve(__dirname, '..');

type Engine = { child: ChildProcess; uri: string; stderr: () => string };

/** A phase that has not ended in `ms` fails the test with its name, instead of hanging it. */
function within<T>(work: Promise<T>, ms: number, what: string | (() => string)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    const name = () => (typeof what === 'string' ? what : what());
    timer = setTimeout(() => reject(new Error(`crash test: ${name()} took over ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

function startEngine(dir: string): Promise<Engine> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli.ts',
      '--port',
      '0',
      '--dbpath',
      dir,
      '--checkpoint-bytes',
      '150000',
      // CRASH_STORAGE_ENGINE=legacy-files shows this test failing on the storage of old.
      '--storage-engine',
      process.env.CRASH_STORAGE_ENGINE ?? 'journal',
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    readline
      .createInterface({ input: child.stdout! })
      .once('line', (uri) => resolve({ child, uri, stderr: () => stderr }));
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}: ${stderr}`)));
  });
}

interface Acked {
  counter: number;
  events: Map<number, { client: number; seq: number }>;
  perClient: number[];
}

/** Resolves once the client's monitor has marked its (only) server unknown: unreachable. */
function serverGone(client: MongoClient): Promise<void> {
  return new Promise((resolve) =>
    client.on('serverDescriptionChanged', (event) => {
      if (event.newDescription.type === 'Unknown') resolve();
    }),
  );
}

async function writeUntilKilled(
  uri: string,
  acked: Acked,
  killAfterMs: number,
  engine: Engine,
  phase: { now: string },
): Promise<void> {
  const child = engine.child;
  phase.now = 'connecting 4 clients';
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, () =>
      new MongoClient(uri, {
        retryWrites: false,
        retryReads: false,
        serverSelectionTimeoutMS: 1000,
        // The monitor checks twice a second, so a client soon learns that its server is gone.
        heartbeatFrequencyMS: 500,
      }).connect(),
    ),
  );
  const gone = clients.map(serverGone);
  let killed = false;
  const loops = clients.map(async (client, c) => {
    const db = client.db('crash');
    try {
      while (!killed) {
        const seq = acked.perClient[c];
        // Two commands into different collections, like a booking and its slot's count.
        const counter = await db
          .collection<{ _id: string; n: number }>('counters')
          .findOneAndUpdate({ _id: 'g' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
        const n = counter!.n;
        acked.counter = Math.max(acked.counter, n);
        await db
          .collection(`events_${n % 3}`)
          .insertOne({ _id: n as never, client: c, seq, pad: 'e'.repeat(200) });
        acked.events.set(n, { client: c, seq });
        acked.perClient[c] = seq + 1;
      }
    } catch {
      // The engine was killed under this client: its last write is in doubt, not acknowledged.
    }
  });
  phase.now = 'writing';
  await new Promise((r) => setTimeout(r, killAfterMs));
  killed = true;
  if (child.exitCode !== null || child.signalCode !== null)
    throw new Error(`the engine died by itself before the kill: ${engine.stderr()}`);
  const exited = new Promise((r) => child.once('exit', r));
  phase.now = 'waiting for the killed engine to exit';
  child.kill('SIGKILL');
  await exited;
  phase.now = 'waiting for the clients to see the kill';
  await Promise.all(loops);
  // Closing a client that still believes in its server sends it `endSessions` on an idle pooled
  // connection whose peer died; the driver (7.x) can then wait forever for the answer (the socket's
  // close lands between its write and its read). Once the monitor has seen the server gone, close
  // skips endSessions; after 5 s it is closed anyway and a hang shows under this phase's name.
  phase.now = 'the clients noticing the kill';
  await within(Promise.all(gone), 5000, '').catch(() => undefined);
  phase.now = 'closing the clients';
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
}

async function verify(uri: string, acked: Acked): Promise<number> {
  const client = await new MongoClient(uri).connect();
  try {
    const db = client.db('crash');
    const counter =
      (await db.collection<{ _id: string; n: number }>('counters').findOne({ _id: 'g' }))?.n ?? 0;
    expect(counter).toBeGreaterThanOrEqual(acked.counter);
    const present = new Map<number, { client: number; seq: number }>();
    for (let k = 0; k < 3; k++) {
      for (const e of await db.collection(`events_${k}`).find().toArray())
        present.set(e._id as unknown as number, { client: e.client, seq: e.seq });
    }
    for (const [n, e] of acked.events) expect(present.get(n)).toEqual(e);
    for (const n of present.keys()) expect(n).toBeLessThanOrEqual(counter);
    // Each client's writes are a prefix of what it sent (at most one unacknowledged one more).
    for (let c = 0; c < CLIENTS; c++) {
      const seqs = [...present.values()]
        .filter((e) => e.client === c)
        .map((e) => e.seq)
        .sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i));
      expect(seqs.length).toBeGreaterThanOrEqual(acked.perClient[c]);
      expect(seqs.length).toBeLessThanOrEqual(acked.perClient[c] + 1);
      // A write in doubt that did land counts from now on.
      acked.perClient[c] = seqs.length;
    }
    for (const [n, e] of present) acked.events.set(n, e);
    acked.counter = counter;
    return present.size;
  } finally {
    await client.close();
  }
}

itEmbedded(
  `every acknowledged write survives up to ${KILLS} kill -9 of the engine (at least ${MIN_KILLS}), all collections at one prefix`,
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mongo-crash-'));
    const acked: Acked = { counter: 0, events: new Map(), perClient: Array(CLIENTS).fill(0) };
    const restartMs: number[] = [];
    let engine: Engine | undefined;
    try {
      engine = await within(startEngine(dir), 60_000, 'the first engine start');
      const began = Date.now();
      let kills = 0;
      for (; kills < KILLS && (kills < MIN_KILLS || Date.now() - began < BUDGET_MS); kills++) {
        const killAfter = 150 + Math.floor(Math.random() * 450);
        const phase = { now: '' };
        await within(
          writeUntilKilled(engine.uri, acked, killAfter, engine, phase),
          60_000,
          () => `round ${kills + 1}: writes and kill (${phase.now})`,
        );
        const started = Date.now();
        engine = await within(startEngine(dir), 60_000, `round ${kills + 1}: restart and recovery`);
        restartMs.push(Date.now() - started);
        await within(verify(engine.uri, acked), 60_000, `round ${kills + 1}: checking the writes`);
      }
      const total = await verify(engine.uri, acked);
      expect(total).toBeGreaterThan(kills * 5);
      console.info(
        `crash: ${kills} kills in ${Math.round((Date.now() - began) / 1000)} s, ${total} acknowledged events kept; restart (process start + recovery) ` +
          `mean ${Math.round(restartMs.reduce((a, b) => a + b, 0) / restartMs.length)} ms, max ${Math.max(...restartMs)} ms`,
      );
      const exited = new Promise((r) => engine!.child.once('exit', r));
      engine.child.kill('SIGTERM');
      await exited;
      engine = undefined;
    } finally {
      // A failed or timed-out round must not leave an engine process behind (it would outlive the run).
      if (engine && engine.child.exitCode === null) engine.child.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
  // 20 rounds take about 35 s on a quiet machine; each restarts the engine process.
  360_000,
);
