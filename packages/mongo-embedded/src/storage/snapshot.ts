import fs from 'node:fs';
import path from 'node:path';
import { BSON, type Document } from 'bson';
import { decodeDocument } from '../wire/bson-codec';
import type { DiskIo } from './disk-io';
import { DamagedFileError, FRAME_HEADER, readFrame, sealFrameInPlace, SNAPSHOT_MAGIC } from './frames';
import type { IndexSpec } from './index-spec';

/** `snapshot-<first journal sequence number not in it, 16 hex digits>.snap` */
export function snapshotName(seq: number): string {
  return `snapshot-${seq.toString(16).padStart(16, '0')}.snap`;
}

export function parseSnapshotName(file: string): number | undefined {
  const m = /^snapshot-([0-9a-f]{16})\.snap$/.exec(file);
  return m ? parseInt(m[1], 16) : undefined;
}

const KIND_HEADER = 0x48; // H
const KIND_COLLECTION = 0x43; // C
const KIND_DOCUMENT = 0x44; // D
const KIND_END = 0x45; // E

export interface CollectionImage {
  db: string;
  name: string;
  options: Document;
  indexes: readonly IndexSpec[];
  /** The stored objects at capture time; stored documents are replaced on update, never mutated. */
  docs: Document[];
}

/** The whole database at one point of the journal: every change before `seq` and none after. */
export interface DatabaseImage {
  seq: number;
  collections: CollectionImage[];
}

const MAX_DOCUMENT = 16 * 1024 * 1024 + 64 * 1024;
const FLUSH_AT = 4 * 1024 * 1024;

/**
 * Writes a snapshot without holding up the commands: documents are encoded in slices of a few
 * milliseconds with a file write (and so a turn of the event loop) between slices. Each document
 * is encoded straight into one reused buffer (a 300,000-document snapshot allocates next to
 * nothing, so it does not feed the garbage collector). The file is written as `.tmp`, synced, and
 * renamed only when `beforeRename` agrees (the journal has made every change the image holds
 * durable); answers the final path.
 */
export async function writeSnapshot(
  dir: string,
  io: DiskIo,
  image: DatabaseImage,
  beforeRename: () => Promise<void>,
  sliceMs = 4,
): Promise<string> {
  const finalPath = path.join(dir, snapshotName(image.seq));
  const tmp = `${finalPath}.tmp`;
  const fd = io.openSync(tmp, 'w');
  const out = Buffer.allocUnsafe(FLUSH_AT + MAX_DOCUMENT + FRAME_HEADER + 1);
  let used = 0;
  let position = 0;
  let record = 0;
  const push = (kind: number, doc: Document) => {
    const at = used;
    out[at + FRAME_HEADER] = kind;
    const last = BSON.serializeWithBufferAndIndex(doc, out, {
      index: at + FRAME_HEADER + 1,
      ignoreUndefined: true,
    });
    sealFrameInPlace(out, at, SNAPSHOT_MAGIC, record++, last + 1);
    used = last + 1;
  };
  const flush = async () => {
    if (!used) return;
    await io.write(fd, out.subarray(0, used), position);
    position += used;
    used = 0;
  };
  try {
    let docs = 0;
    push(KIND_HEADER, { version: 1, seq: image.seq, collections: image.collections.length });
    for (const coll of image.collections) {
      push(KIND_COLLECTION, {
        db: coll.db,
        c: coll.name,
        options: coll.options,
        indexes: coll.indexes,
        count: coll.docs.length,
      });
      let sliceStart = performance.now();
      for (let i = 0; i < coll.docs.length; i++) {
        push(KIND_DOCUMENT, coll.docs[i]);
        docs++;
        if (used >= FLUSH_AT || ((i & 31) === 31 && performance.now() - sliceStart >= sliceMs)) {
          await flush();
          sliceStart = performance.now();
        }
      }
    }
    push(KIND_END, { records: record + 1, docs });
    await flush();
    await io.fdatasync(fd);
    io.closeSync(fd);
    await beforeRename();
    io.renameSync(tmp, finalPath);
    await io.fsyncDir(dir);
    return finalPath;
  } catch (err) {
    try {
      io.closeSync(fd);
    } catch {
      // already closed
    }
    try {
      io.rmSync(tmp);
    } catch {
      // a read-only folder keeps it; start-up deletes stale .tmp files
    }
    throw err;
  }
}

export interface SnapshotReader {
  onCollection(meta: { db: string; name: string; options: Document; indexes: IndexSpec[] }): void;
  onDocument(doc: Document): void;
}

const ADVICE =
  'The engine will not start on a damaged snapshot. Restore the data folder from a backup; the file was left untouched.';

/**
 * Streams a snapshot file (16 MB at a time, so a 300 MB file never sits in memory whole),
 * checking every frame's checksum and numbering and the closing record. Answers the journal
 * sequence number the snapshot covers up to.
 */
export function readSnapshot(file: string, reader: SnapshotReader): number {
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  let buf = Buffer.allocUnsafe(16 << 20);
  let start = 0;
  let end = 0;
  let fileOffset = 0; // file offset of buf[0]
  let expected = 0;
  let seq: number | undefined;
  let ended = false;
  const damaged = (offset: number, reason: string) => new DamagedFileError(file, offset, reason, ADVICE);
  try {
    for (;;) {
      const frame = readFrame(buf.subarray(0, end), start, SNAPSHOT_MAGIC);
      if (frame.kind === 'short') {
        if (fileOffset + end >= size) {
          if (start === end) break;
          throw damaged(fileOffset + start, 'the file ends inside a record');
        }
        // Move the partial frame to the front and read more (growing the buffer for a big frame).
        const remaining = end - start;
        const need = remaining >= 8 ? buf.readUInt32LE(start + 4) + 20 : 0;
        if (need > buf.length) {
          const bigger = Buffer.allocUnsafe(need + (1 << 20));
          buf.copy(bigger, 0, start, end);
          buf = bigger;
        } else buf.copy(buf, 0, start, end);
        fileOffset += start;
        start = 0;
        end = remaining;
        end += fs.readSync(fd, buf, end, buf.length - end, fileOffset + end);
        continue;
      }
      if (frame.kind === 'bad') throw damaged(fileOffset + start, frame.reason);
      if (frame.seq !== expected)
        throw damaged(fileOffset + start, `record ${frame.seq} where ${expected} was expected`);
      if (ended) throw damaged(fileOffset + start, 'data after the closing record');
      expected++;
      const kind = frame.body[0];
      const payload = frame.body.subarray(1);
      if (kind === KIND_DOCUMENT) {
        if (seq === undefined) throw damaged(fileOffset + start, 'document before the header');
        reader.onDocument(decodeDocument(payload));
      } else if (kind === KIND_COLLECTION) {
        const meta = decodeDocument(payload);
        reader.onCollection({
          db: String(meta.db),
          name: String(meta.c),
          options: (meta.options as Document) ?? {},
          indexes: (meta.indexes as IndexSpec[]) ?? [],
        });
      } else if (kind === KIND_HEADER) {
        const header = decodeDocument(payload);
        if (header.version !== 1)
          throw damaged(fileOffset + start, `unknown snapshot version ${String(header.version)}`);
        seq = Number(header.seq);
      } else if (kind === KIND_END) {
        const trailer = decodeDocument(payload);
        if (Number(trailer.records) !== expected) throw damaged(fileOffset + start, 'record count mismatch');
        ended = true;
      } else throw damaged(fileOffset + start, `unknown record kind ${kind}`);
      start = frame.end;
    }
    if (!ended || seq === undefined)
      throw damaged(size, 'the closing record is missing (the file is cut short)');
    return seq;
  } finally {
    fs.closeSync(fd);
  }
}
