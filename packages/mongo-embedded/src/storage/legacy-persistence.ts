import fs from 'node:fs';
import path from 'node:path';
import type { Document } from 'bson';
import { decodeDocumentSequence, encodeDocument } from '../wire/bson-codec';
import { Collection } from './collection';
import type { IndexSpec } from './index-spec';
import type { Storage } from './storage';
import type { Logger } from '../logger';

const FILE_SUFFIX = '.bson';

/**
 * The storage this engine had before its journal, kept only so `npm run bench` can measure the two
 * side by side (option `storageEngine: 'legacy-files'`): not durable (no fsync, replies go out
 * before anything is written) and every flush rewrites whole collections.
 *
 * Persists each collection as one file of back-to-back BSON documents (a metadata document,
 * then the data), so ObjectId/Date/Decimal128 round-trip exactly. Writes are atomic
 * (temp file + rename) and batched: a change schedules a flush `delayMs` later.
 */
export class LegacyFilePersistence {
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dbPath: string,
    private readonly storage: Storage,
    private readonly logger: Logger,
    private readonly delayMs = 100,
  ) {}

  /** Reads every collection file into storage. Call before wiring change notifications. */
  load(): void {
    fs.mkdirSync(this.dbPath, { recursive: true });
    for (const dbDir of fs.readdirSync(this.dbPath, { withFileTypes: true })) {
      if (!dbDir.isDirectory()) continue;
      const dbName = decodeURIComponent(dbDir.name);
      for (const file of fs.readdirSync(path.join(this.dbPath, dbDir.name))) {
        if (!file.endsWith(FILE_SUFFIX)) continue;
        const collName = decodeURIComponent(file.slice(0, -FILE_SUFFIX.length));
        this.storage.adopt(this.loadCollection(dbName, collName, path.join(this.dbPath, dbDir.name, file)));
      }
    }
  }

  markDirty(dbName: string, collName: string): void {
    this.dirty.add(JSON.stringify([dbName, collName]));
    // Not a sliding debounce: a steady stream of writes must still reach disk every delayMs.
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  /** Synchronous so a flush is a consistent snapshot (no command can run in the middle). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const entry of this.dirty) {
      const [dbName, collName] = JSON.parse(entry) as [string, string];
      try {
        this.flushCollection(dbName, collName);
      } catch (err) {
        this.logger.warn(`persist ${dbName}.${collName} failed: ${(err as Error).message}`);
      }
    }
    this.dirty.clear();
  }

  private loadCollection(dbName: string, collName: string, file: string): Collection {
    const [meta, ...docs] = decodeDocumentSequence(fs.readFileSync(file));
    const coll = new Collection(dbName, collName, (meta?.options as Document | undefined) ?? {});
    for (const doc of docs) coll.insert(doc);
    for (const spec of (meta?.indexes as IndexSpec[] | undefined) ?? []) {
      if (spec.name !== '_id_') coll.createIndex(spec);
    }
    return coll;
  }

  private flushCollection(dbName: string, collName: string): void {
    const dir = path.join(this.dbPath, encodeURIComponent(dbName));
    const file = path.join(dir, encodeURIComponent(collName) + FILE_SUFFIX);
    const coll = this.storage.getCollection(dbName, collName);
    if (!coll) {
      fs.rmSync(file, { force: true });
      if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
      return;
    }
    fs.mkdirSync(dir, { recursive: true });
    const meta = encodeDocument({ name: collName, options: coll.options, indexes: coll.indexes });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([meta, ...coll.all().map((d) => encodeDocument(d))]));
    fs.renameSync(tmp, file);
  }
}
