import fs from 'node:fs';
import path from 'node:path';
import type { Document } from 'bson';
import type { Logger } from '../logger';
import { decodeDocumentSequence } from '../wire/bson-codec';
import type { Change } from './changes';
import type { Collection } from './collection';
import { DamagedFileError, JOURNAL_MAGIC, readFrame } from './frames';
import type { IndexSpec } from './index-spec';
import { parseSegmentName } from './journal';
import { parseSnapshotName, readSnapshot } from './snapshot';
import type { Storage } from './storage';

export interface RecoveryOutcome {
  /** Sequence number of the next journal frame. */
  nextSeq: number;
  /** The segment to keep appending to, trimmed to its last whole frame. */
  last?: { file: string; firstSeq: number; size: number };
  snapshot?: string;
  documents: number;
  framesReplayed: number;
  /** Bytes of a torn last frame that were dropped. */
  tornBytes: number;
  ms: number;
}

const JOURNAL_ADVICE =
  'The engine will not start on a damaged journal, because changes after this point would be lost. Restore the data folder from a backup; the file was left untouched.';

/**
 * Rebuilds the database from the newest snapshot and the journal after it: every frame in order,
 * none missing. A last frame that was being written when the process died (short, or failing its
 * checksum with nothing valid after it) was never acknowledged: it is cut off, with a warning.
 * Anything else that does not check out stops start-up with an error naming the file.
 */
export function recover(dir: string, storage: Storage, logger: Logger): RecoveryOutcome {
  const started = performance.now();
  fs.mkdirSync(dir, { recursive: true });
  const files = fs.readdirSync(dir);
  for (const f of files) if (f.endsWith('.tmp')) fs.rmSync(path.join(dir, f), { force: true });

  const snapshots = files
    .map((f) => ({ f, seq: parseSnapshotName(f) }))
    .filter((s): s is { f: string; seq: number } => s.seq !== undefined)
    .sort((a, b) => b.seq - a.seq);
  let seq = 0;
  let documents = 0;
  let snapshot: string | undefined;
  if (snapshots.length) {
    snapshot = path.join(dir, snapshots[0].f);
    let current: { coll: Collection; indexes: IndexSpec[] } | undefined;
    seq = readSnapshot(snapshot, {
      onCollection: (meta) => {
        if (current) current.coll.finishLoad(current.indexes);
        current = { coll: storage.newCollection(meta.db, meta.name, meta.options), indexes: meta.indexes };
      },
      onDocument: (doc) => {
        current?.coll.loadDocument(doc);
        documents++;
      },
    });
    if (current) current.coll.finishLoad(current.indexes);
    for (const old of snapshots.slice(1)) fs.rmSync(path.join(dir, old.f), { force: true });
  }

  const segments = files
    .map((f) => ({ f, first: parseSegmentName(f) }))
    .filter((s): s is { f: string; first: number } => s.first !== undefined)
    .sort((a, b) => a.first - b.first);
  let expected = seq;
  let framesReplayed = 0;
  let tornBytes = 0;
  let last: RecoveryOutcome['last'];
  for (let i = 0; i < segments.length; i++) {
    const file = path.join(dir, segments[i].f);
    const buf = fs.readFileSync(file);
    let offset = 0;
    while (offset < buf.length) {
      const frame = readFrame(buf, offset, JOURNAL_MAGIC);
      if (frame.kind === 'frame') {
        if (frame.seq >= expected) {
          if (frame.seq > expected)
            throw new DamagedFileError(
              file,
              offset,
              `journal record ${frame.seq} where ${expected} was expected (records are missing)`,
              JOURNAL_ADVICE,
            );
          try {
            for (const change of decodeDocumentSequence(frame.body)) applyChange(storage, change as Change);
          } catch (err) {
            throw new DamagedFileError(
              file,
              offset,
              `cannot replay record ${frame.seq}: ${(err as Error).message}`,
              JOURNAL_ADVICE,
            );
          }
          expected++;
          framesReplayed++;
        }
        offset = frame.end;
        continue;
      }
      const validAfter =
        (frame.kind === 'bad' &&
          frame.end < buf.length &&
          readFrame(buf, frame.end, JOURNAL_MAGIC).kind === 'frame') ||
        segments.slice(i + 1).some((s) => startsWithFrame(path.join(dir, s.f)));
      const reason = frame.kind === 'short' ? 'the file ends inside a record' : frame.reason;
      if (validAfter) throw new DamagedFileError(file, offset, reason, JOURNAL_ADVICE);
      tornBytes = buf.length - offset;
      logger.warn(
        `journal ${file}: dropped a torn last record (${tornBytes} bytes at byte ${offset}: ${reason}); it was never acknowledged`,
      );
      const fd = fs.openSync(file, 'r+');
      fs.ftruncateSync(fd, offset);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      break;
    }
    last = { file: segments[i].f, firstSeq: segments[i].first, size: Math.min(offset, buf.length) };
  }
  // Segments wholly before the snapshot are leftovers of a checkpoint that could not delete them.
  for (let i = 0; i + 1 < segments.length; i++) {
    if (segments[i + 1].first <= seq) fs.rmSync(path.join(dir, segments[i].f), { force: true });
  }
  // An empty last segment named for another sequence number is replaced by one named right.
  if (last && last.size === 0 && last.firstSeq !== expected) {
    fs.rmSync(path.join(dir, last.file), { force: true });
    last = undefined;
  }
  return {
    nextSeq: expected,
    last,
    snapshot,
    documents,
    framesReplayed,
    tornBytes,
    ms: Math.round(performance.now() - started),
  };
}

function startsWithFrame(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(20);
    const n = fs.readSync(fd, head, 0, 20, 0);
    if (n < 20) return false;
    const size = head.readUInt32LE(4) + 20;
    const whole = Buffer.alloc(Math.min(size, 64 << 20));
    fs.readSync(fd, whole, 0, whole.length, 0);
    return readFrame(whole, 0, JOURNAL_MAGIC).kind === 'frame';
  } finally {
    fs.closeSync(fd);
  }
}

/** Re-applies one journaled change (the sink is silent during recovery). */
export function applyChange(storage: Storage, change: Change): void {
  switch (change.o) {
    case 'i':
      storage.getOrCreateCollection(change.db, change.c).insert(change.d);
      return;
    case 'u': {
      const coll = need(storage, change.db, change.c);
      const old = coll.getById(change.d._id);
      if (!old) throw new Error(`update of a missing document ${String(change.d._id)} in ${coll.ns}`);
      coll.replace(old, change.d);
      return;
    }
    case 'd': {
      const coll = need(storage, change.db, change.c);
      const old = coll.getById(change.id);
      if (!old) throw new Error(`delete of a missing document ${String(change.id)} in ${coll.ns}`);
      coll.remove(old);
      return;
    }
    case 'cc':
      storage.createCollection(change.db, change.c, (change.opts as Document) ?? {});
      return;
    case 'dc':
      storage.dropCollection(change.db, change.c);
      return;
    case 'ci':
      storage.getOrCreateCollection(change.db, change.c).createIndex(change.spec);
      return;
    case 'di':
      need(storage, change.db, change.c).dropIndex(change.name);
      return;
    case 'dd':
      storage.dropDatabase(change.db);
      return;
    default:
      throw new Error(`unknown journal change ${JSON.stringify(change)}`);
  }
}

function need(storage: Storage, db: string, name: string): Collection {
  const coll = storage.getCollection(db, name);
  if (!coll) throw new Error(`collection ${db}.${name} does not exist`);
  return coll;
}
