import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { encodeDocument } from '../wire/bson-codec';
import { nodeDiskIo, type DiskIo } from './disk-io';
import { Journal } from './journal';
import { recover, type RecoveryOutcome } from './recovery';
import { parseSnapshotName, writeSnapshot } from './snapshot';
import type { Storage } from './storage';

export interface DurableOptions {
  logger: Logger;
  /** File operations (tests inject failures through this). */
  io?: DiskIo;
  /** Journal bytes after which a checkpoint starts. Default 64 MB. */
  checkpointBytes?: number;
}

export interface CheckpointStats {
  file: string;
  ms: number;
  documents: number;
}

const LOCK_FILE = 'mongod.lock';

/**
 * The durable storage of a data folder: recovery at open, then the journal for every change and
 * checkpoints (snapshots) that bound it. Memory holds the documents; the folder holds
 * `snapshot-*.snap` (the database at one journal position) and `journal-*.wal` (every change after
 * it), plus a lock file so two engines never share one folder.
 */
export class DurableStore {
  private checkpointing: Promise<void> | undefined;
  private retryCheckpointAt = 0;
  private closed = false;
  lastCheckpoint: CheckpointStats | undefined;

  private constructor(
    private readonly dir: string,
    private readonly storage: Storage,
    private readonly journal: Journal,
    private readonly io: DiskIo,
    private readonly logger: Logger,
    private readonly checkpointBytes: number,
    readonly recovery: RecoveryOutcome,
  ) {}

  static open(dir: string, storage: Storage, opts: DurableOptions): DurableStore {
    const io = opts.io ?? nodeDiskIo;
    fs.mkdirSync(dir, { recursive: true });
    takeLock(dir);
    let recovery: RecoveryOutcome;
    try {
      recovery = recover(dir, storage, opts.logger);
    } catch (err) {
      releaseLock(dir);
      throw err;
    }
    opts.logger.info(
      `recovered ${dir}: ${recovery.documents} documents from ${recovery.snapshot ? path.basename(recovery.snapshot) : 'no snapshot'}, ${recovery.framesReplayed} journal records replayed in ${recovery.ms} ms`,
    );
    const journal = Journal.open(dir, io, opts.logger, recovery.last, recovery.nextSeq);
    const store = new DurableStore(
      dir,
      storage,
      journal,
      io,
      opts.logger,
      opts.checkpointBytes ?? 64 * 1024 * 1024,
      recovery,
    );
    storage.setSink({ record: (change, undo) => journal.add(encodeDocument(change), undo) });
    storage.writeGate = () => journal.assertWritable();
    journal.onFlushed = () => store.maybeCheckpoint();
    return store;
  }

  /** Changes recorded and not yet handed to a write; compare before/after a command. */
  get pendingChanges(): number {
    return this.journal.pendingChanges;
  }

  /** Resolves when everything recorded so far is on disk; rejects when it was undone. */
  durable(): Promise<void> {
    return this.journal.durable();
  }

  get writable(): boolean {
    return !this.journal.isBroken;
  }

  private maybeCheckpoint(): void {
    if (this.closed || this.checkpointing || Date.now() < this.retryCheckpointAt) return;
    if (this.journal.bytesSinceCheckpoint < this.checkpointBytes) return;
    void this.checkpoint();
  }

  /**
   * Takes a snapshot of the whole database as it is now, off the request path, then deletes the
   * journal before it. A failure (disk full, folder not writable) is logged and retried later: the
   * journal still holds every change, so nothing is lost, it only grows.
   */
  checkpoint(): Promise<void> {
    this.checkpointing ??= this.runCheckpoint().finally(() => {
      this.checkpointing = undefined;
    });
    return this.checkpointing;
  }

  private async runCheckpoint(): Promise<void> {
    if (this.journal.isBroken) return;
    const started = performance.now();
    let seq: number;
    try {
      seq = this.journal.rotate();
    } catch (err) {
      this.checkpointFailed(err as Error);
      return;
    }
    const epoch = this.journal.epoch;
    const collections = this.storage.allCollections().map((c) => ({
      db: c.dbName,
      name: c.name,
      options: c.options,
      indexes: c.indexes.slice(),
      docs: c.capture(),
    }));
    try {
      const file = await writeSnapshot(this.dir, this.io, { seq, collections }, async () => {
        await this.journal.waitDurable(seq - 1);
        if (this.journal.epoch !== epoch)
          throw new Error('writes were undone while the snapshot was written');
      });
      for (const f of fs.readdirSync(this.dir)) {
        const s = parseSnapshotName(f);
        if (s !== undefined && s < seq) this.io.rmSync(path.join(this.dir, f));
      }
      this.journal.dropSegmentsBefore(seq);
      const documents = collections.reduce((n, c) => n + c.docs.length, 0);
      this.lastCheckpoint = { file, ms: Math.round(performance.now() - started), documents };
      this.logger.info(
        `checkpoint ${path.basename(file)}: ${documents} documents in ${this.lastCheckpoint.ms} ms`,
      );
    } catch (err) {
      this.checkpointFailed(err as Error);
    }
  }

  private checkpointFailed(err: Error): void {
    this.retryCheckpointAt = Date.now() + 5000;
    this.logger.warn(
      `checkpoint failed: ${err.message}; the journal keeps every change and the checkpoint is retried later`,
    );
  }

  /** Finishes pending journal writes (and a running checkpoint), then closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointing;
    await this.journal.close();
    releaseLock(this.dir);
  }
}

function takeLock(dir: string): void {
  const file = path.join(dir, LOCK_FILE);
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && processAlive(pid))
      throw new Error(
        `the data folder ${dir} is in use by process ${pid} (${file}); stop that engine first, or use another folder`,
      );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(file, `${process.pid}\n`);
}

function releaseLock(dir: string): void {
  try {
    fs.rmSync(path.join(dir, LOCK_FILE), { force: true });
  } catch {
    // a read-only folder keeps it; the pid inside is dead by then
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
