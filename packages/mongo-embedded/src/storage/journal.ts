import path from 'node:path';
import type { Logger } from '../logger';
import { encodeFrame, JOURNAL_MAGIC } from './frames';
import type { DiskIo } from './disk-io';

/** `journal-<first sequence number, 16 hex digits>.wal` */
export function segmentName(firstSeq: number): string {
  return `journal-${firstSeq.toString(16).padStart(16, '0')}.wal`;
}

export function parseSegmentName(file: string): number | undefined {
  const m = /^journal-([0-9a-f]{16})\.wal$/.exec(file);
  return m ? parseInt(m[1], 16) : undefined;
}

interface Segment {
  file: string;
  fd: number;
  firstSeq: number;
  /** Bytes known to be on disk (synced). */
  durableSize: number;
  /** The directory entry of a new file must be synced once before its data counts. */
  dirSynced: boolean;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/** Changes made by commands between two group commits: written as one frame, synced once. */
interface Group {
  parts: Buffer[];
  bytes: number;
  undos: Array<() => void>;
  waiters: Waiter[];
  seq?: number;
  segment?: Segment;
}

const newGroup = (): Group => ({ parts: [], bytes: 0, undos: [], waiters: [] });

/** Raised to the client when its write could not be made durable (it has been undone). */
export class JournalWriteError extends Error {
  constructor(
    readonly cause: Error,
    file: string,
  ) {
    super(
      `the write was not made durable and has been undone: cannot write the journal ${file}: ${cause.message}`,
    );
    this.name = 'JournalWriteError';
  }
}

/**
 * The write-ahead journal: one ordered log for the whole database.
 *
 * Commands apply their changes in memory and hand each change (already encoded) to `add`. All the
 * changes that arrive while a write+fdatasync runs are written together as the next frame and
 * share the next sync (group commit). A command's reply waits for `durable()`, so a write is
 * acknowledged only once it is on disk, whatever the write concern.
 *
 * When writing or syncing fails (disk full, read-only file system, I/O error), every change not yet
 * durable is undone in memory, newest first, and each waiting command gets the error: memory is
 * back to exactly what is on disk. Further writes are refused until the journal file has been cut
 * back to its last synced byte, which is retried at the next write.
 */
export class Journal {
  private open = newGroup();
  private readonly sealed: Group[] = [];
  private writing = false;
  private broken: Error | undefined;
  private brokenFile = '';
  /** Segments a failed write may have left bytes in past their durable end. */
  private readonly toTrim = new Set<Segment>();
  private lastRepairAttempt = 0;
  private idleWaiters: Array<() => void> = [];
  /** Bumped by every undo: a checkpoint captured before it no longer matches the disk. */
  epoch = 0;
  bytesSinceCheckpoint = 0;
  onFlushed: () => void = () => undefined;

  private constructor(
    private readonly dir: string,
    private readonly io: DiskIo,
    private readonly logger: Logger,
    private segment: Segment,
    private readonly oldSegments: Segment[],
    private nextSeq: number,
    private durableSeq: number,
  ) {}

  /** Opens (or creates) the segment to append to, after recovery has read and trimmed it. */
  static open(
    dir: string,
    io: DiskIo,
    logger: Logger,
    last: { file: string; firstSeq: number; size: number } | undefined,
    nextSeq: number,
  ): Journal {
    let segment: Segment;
    if (last) {
      const file = path.join(dir, last.file);
      segment = {
        file,
        fd: io.openSync(file, 'r+'),
        firstSeq: last.firstSeq,
        durableSize: last.size,
        dirSynced: true,
      };
    } else {
      segment = Journal.createSegment(dir, io, nextSeq);
      io.fsyncDirSync(dir);
      segment.dirSynced = true;
    }
    return new Journal(dir, io, logger, segment, [], nextSeq, nextSeq - 1);
  }

  private static createSegment(dir: string, io: DiskIo, firstSeq: number): Segment {
    const file = path.join(dir, segmentName(firstSeq));
    return { file, fd: io.openSync(file, 'w'), firstSeq, durableSize: 0, dirSynced: false };
  }

  get pendingChanges(): number {
    return this.open.undos.length;
  }

  get isBroken(): boolean {
    return this.broken !== undefined;
  }

  /** Records one encoded change made in memory just now, with the way to take it back. */
  add(encoded: Buffer, undo: () => void): void {
    this.open.parts.push(encoded);
    this.open.bytes += encoded.length;
    this.open.undos.push(undo);
    if (!this.writing) {
      this.writing = true;
      setImmediate(() => void this.writeLoop());
    }
  }

  /** Resolves once every change added so far is on disk; rejects if they had to be undone. */
  durable(): Promise<void> {
    const group = this.open.undos.length ? this.open : this.sealed[this.sealed.length - 1];
    if (!group) return Promise.resolve();
    return new Promise((resolve, reject) => group.waiters.push({ resolve, reject }));
  }

  /**
   * Throws when writes must be refused: the last write failed and the journal could not yet be cut
   * back to its durable end. Called before a write command runs, so nothing is applied.
   */
  assertWritable(): void {
    if (!this.broken) return;
    const now = Date.now();
    if (now - this.lastRepairAttempt >= 50 && !this.writing) {
      this.lastRepairAttempt = now;
      try {
        for (const s of this.toTrim) {
          this.io.ftruncateSync(s.fd, s.durableSize);
          this.io.fdatasyncSync(s.fd);
          this.toTrim.delete(s);
          this.logger.info(`journal ${s.file} cut back to ${s.durableSize} bytes`);
        }
        this.logger.info('journal writable again');
        this.broken = undefined;
        return;
      } catch (err) {
        this.broken = err as Error;
      }
    }
    throw new JournalWriteError(this.broken, this.brokenFile);
  }

  /**
   * Seals the changes so far and starts a new segment for the changes after them; answers the
   * first sequence number of that segment (what a checkpoint taken now covers) or throws if the
   * new file cannot be created (the checkpoint is then skipped and this segment keeps growing).
   */
  rotate(): number {
    const next = Journal.createSegment(this.dir, this.io, this.peekNextSeq());
    this.seal();
    this.oldSegments.push(this.segment);
    this.segment = next;
    this.bytesSinceCheckpoint = 0;
    return next.firstSeq;
  }

  /** Deletes the segments whose changes all precede `seq` (covered by a finished checkpoint). */
  dropSegmentsBefore(seq: number): void {
    for (const s of this.oldSegments.slice()) {
      if (s.firstSeq >= seq) continue;
      if (this.sealed.some((g) => g.segment === s) || (this.writing && this.durableSeq < seq - 1)) continue;
      try {
        this.io.closeSync(s.fd);
        this.io.rmSync(s.file);
      } catch (err) {
        this.logger.warn(`cannot delete old journal ${s.file}: ${(err as Error).message}`);
      }
      this.oldSegments.splice(this.oldSegments.indexOf(s), 1);
    }
  }

  /** Resolves when `seq` is durable; rejects if the changes up to it were undone. */
  async waitDurable(seq: number): Promise<void> {
    if (this.durableSeq >= seq) return;
    await this.durable();
    if (this.durableSeq < seq) throw new Error('journal did not reach the checkpoint');
  }

  /** Waits for every pending write, then closes the files. */
  async close(): Promise<void> {
    if (this.writing) await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    for (const s of [...this.oldSegments, this.segment]) {
      try {
        this.io.closeSync(s.fd);
      } catch {
        // already closed
      }
    }
  }

  private peekNextSeq(): number {
    return this.nextSeq + (this.open.undos.length ? 1 : 0);
  }

  private seal(): void {
    if (!this.open.undos.length) return;
    const group = this.open;
    group.seq = this.nextSeq++;
    group.segment = this.segment;
    this.sealed.push(group);
    this.open = newGroup();
  }

  private async writeLoop(): Promise<void> {
    for (;;) {
      this.seal();
      const group = this.sealed[0];
      if (!group) break;
      const segment = group.segment!;
      const frame = encodeFrame(JOURNAL_MAGIC, group.seq!, Buffer.concat(group.parts, group.bytes));
      try {
        if (this.broken) throw this.broken;
        await this.io.write(segment.fd, frame, segment.durableSize);
        if (!segment.dirSynced) {
          await this.io.fsyncDir(this.dir);
          segment.dirSynced = true;
        }
        await this.io.fdatasync(segment.fd);
      } catch (err) {
        this.toTrim.add(segment);
        this.fail(err as Error, segment.file);
        continue;
      }
      this.sealed.shift();
      segment.durableSize += frame.length;
      this.durableSeq = group.seq!;
      this.bytesSinceCheckpoint += frame.length;
      for (const w of group.waiters) w.resolve();
      this.onFlushed();
    }
    this.writing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Undoes every change not yet durable (newest first) and fails the commands waiting for them. */
  private fail(err: Error, file: string): void {
    if (!this.broken)
      this.logger.warn(`journal write failed (${file}): ${err.message}; undoing pending writes`);
    this.broken = err;
    this.brokenFile = file;
    this.lastRepairAttempt = 0;
    const groups = [...this.sealed, this.open];
    const error = new JournalWriteError(err, file);
    for (const group of groups.reverse()) {
      for (let i = group.undos.length - 1; i >= 0; i--) group.undos[i]();
      for (const w of group.waiters) w.reject(error);
    }
    if (this.sealed.length) this.nextSeq = this.sealed[0].seq!;
    this.sealed.length = 0;
    this.open = newGroup();
    this.epoch++;
  }
}
