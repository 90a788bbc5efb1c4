import { Long, type Document } from 'bson';
import { documentSize } from './wire/bson-codec';

/** mongod's first batch default; later batches are bounded by size only. */
export const DEFAULT_FIRST_BATCH = 101;
/** Stay under the 16MB reply limit with room for the envelope. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024 - 64 * 1024;

interface OpenCursor {
  ns: string;
  docs: Document[];
  position: number;
  lastUsed: number;
}

export interface Batch {
  docs: Document[];
  /** Long zero when exhausted; drivers require int64 here (an int32 breaks them). */
  id: Long;
}

/**
 * Results are computed eagerly and served in batches. Holding the result array keeps a
 * consistent snapshot: stored documents are swapped on update, never mutated.
 */
export class CursorRegistry {
  private readonly cursors = new Map<string, OpenCursor>();
  private nextId = 1;

  constructor(private readonly timeoutMs: number) {}

  /** Returns the first batch; registers a cursor only if documents remain. */
  open(ns: string, docs: Document[], batchSize: number | undefined, singleBatch = false): Batch {
    const cursor: OpenCursor = { ns, docs, position: 0, lastUsed: Date.now() };
    const batch = takeBatch(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    if (singleBatch || cursor.position >= docs.length) return { docs: batch, id: Long.ZERO };
    const id = Long.fromNumber(this.nextId++);
    this.cursors.set(id.toString(), cursor);
    return { docs: batch, id };
  }

  get(id: Long | number): { ns: string } | undefined {
    return this.cursors.get(String(id));
  }

  next(id: Long | number, batchSize: number | undefined): Batch {
    const key = String(id);
    const cursor = this.cursors.get(key);
    if (!cursor) throw new Error('cursor vanished');
    cursor.lastUsed = Date.now();
    const batch = takeBatch(cursor, batchSize && batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER);
    if (cursor.position < cursor.docs.length) return { docs: batch, id: Long.fromString(key) };
    this.cursors.delete(key);
    return { docs: batch, id: Long.ZERO };
  }

  kill(id: Long | number): boolean {
    return this.cursors.delete(String(id));
  }

  /** Drops cursors idle for longer than the timeout (mongod: 10 minutes). */
  sweep(now = Date.now()): number {
    let removed = 0;
    for (const [key, cursor] of this.cursors) {
      if (now - cursor.lastUsed > this.timeoutMs) {
        this.cursors.delete(key);
        removed++;
      }
    }
    return removed;
  }

  get size(): number {
    return this.cursors.size;
  }
}

function takeBatch(cursor: OpenCursor, batchSize: number): Document[] {
  const batch: Document[] = [];
  let bytes = 0;
  while (cursor.position < cursor.docs.length && batch.length < batchSize) {
    const doc = cursor.docs[cursor.position];
    bytes += documentSize(doc);
    if (batch.length > 0 && bytes > MAX_BATCH_BYTES) break;
    batch.push(doc);
    cursor.position++;
  }
  return batch;
}
