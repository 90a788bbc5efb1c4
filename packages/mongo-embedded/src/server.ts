import net from 'node:net';
import type { Document } from 'bson';
import { runCommand } from './commands/registry';
import type { CommandContext } from './commands/types';
import { CursorRegistry } from './cursor-registry';
import { silentLogger, type Logger } from './logger';
import { ErrorCodes } from './errors';
import type { DiskIo } from './storage/disk-io';
import { DurableStore } from './storage/durable-store';
import { LegacyFilePersistence } from './storage/legacy-persistence';
import { Storage } from './storage/storage';
import { sweepExpired } from './storage/ttl';
import { attachConnection } from './wire/connection';

export interface EmbeddedMongoOptions {
  /** 0 = random free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Data folder (journal + snapshots); undefined = memory only. */
  dbPath?: string;
  /**
   * `journal` (default): every acknowledged write is on disk (write-ahead journal, group commit,
   * checkpoints). `legacy-files`: the old whole-collection files, not durable; kept for the bench.
   */
  storageEngine?: 'journal' | 'legacy-files';
  /** Journal bytes after which a checkpoint (snapshot) is taken. Default 64 MB. */
  checkpointBytes?: number;
  /** File operations of the journal and snapshots (tests inject disk failures). */
  diskIo?: DiskIo;
  logger?: Logger;
  /** How often expired TTL documents are deleted (ms). Default 1000. */
  ttlSweepMs?: number;
  /** Idle cursors are closed after this long (ms). Default 10 minutes, like mongod. */
  cursorTimeoutMs?: number;
  /** `legacy-files` only: delay between a write and its flush to dbPath (ms). Default 100. */
  flushDelayMs?: number;
}

/** A MongoDB-compatible server (wire protocol over TCP) backed by memory and optional files. */
export class EmbeddedMongo {
  private readonly sockets = new Set<net.Socket>();
  private readonly timers: NodeJS.Timeout[] = [];
  private nextConnectionId = 1;
  private stopped = false;

  private constructor(
    private readonly server: net.Server,
    private readonly storage: Storage,
    private readonly cursors: CursorRegistry,
    private readonly persistence: LegacyFilePersistence | undefined,
    /** The journal and checkpoints; undefined in memory mode. */
    readonly durable: DurableStore | undefined,
    private readonly logger: Logger,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
    const logger = opts.logger ?? silentLogger;
    const host = opts.host ?? '127.0.0.1';
    const storage = new Storage();
    const legacy = opts.dbPath !== undefined && opts.storageEngine === 'legacy-files';
    const persistence = legacy
      ? new LegacyFilePersistence(opts.dbPath!, storage, logger, opts.flushDelayMs ?? 100)
      : undefined;
    persistence?.load();
    if (persistence) storage.onChange((db, coll) => persistence.markDirty(db, coll));
    const durable =
      opts.dbPath !== undefined && !legacy
        ? DurableStore.open(opts.dbPath, storage, {
            logger,
            io: opts.diskIo,
            checkpointBytes: opts.checkpointBytes,
          })
        : undefined;
    const cursors = new CursorRegistry(opts.cursorTimeoutMs ?? 10 * 60 * 1000);

    const server = net.createServer();
    let port: number;
    try {
      port = await listen(server, opts.port ?? 0, host);
    } catch (err) {
      await durable?.close();
      throw err;
    }
    const instance = new EmbeddedMongo(server, storage, cursors, persistence, durable, logger, host, port);
    instance.acceptConnections();
    instance.startSweeps(opts.ttlSweepMs ?? 1000);
    logger.info(
      `mongo-embedded listening on ${host}:${port}${opts.dbPath ? ` (dbPath ${opts.dbPath})` : ' (memory only)'}`,
    );
    return instance;
  }

  /** directConnection: we are a standalone, so the driver must not try replica-set discovery. */
  uri(dbName = ''): string {
    return `mongodb://${this.host}:${this.port}/${dbName}?directConnection=true`;
  }

  /** Takes a checkpoint now (tests and the bench; the engine takes them by itself as the journal grows). */
  async checkpoint(): Promise<void> {
    await this.durable?.checkpoint();
  }

  /** Closes listeners and client sockets, then finishes pending journal writes and closes the files. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.persistence?.flush();
    await this.durable?.close();
    this.logger.info('mongo-embedded stopped');
  }

  private acceptConnections(): void {
    this.server.on('connection', (socket) => {
      const connectionId = this.nextConnectionId++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      attachConnection(
        socket,
        (command, dbName) => this.run(command, dbName, connectionId),
        (err) => this.logger.warn(`connection ${connectionId}: ${err.message}`),
      );
    });
  }

  /**
   * Runs a command to completion now; with a data folder, a command that changed anything answers
   * only once its changes are on disk (or with an error if they had to be undone).
   */
  private run(command: Document, dbName: string, connectionId: number): Document | Promise<Document> {
    const ctx: CommandContext = {
      storage: this.storage,
      cursors: this.cursors,
      dbName,
      connectionId,
      logger: this.logger,
    };
    const durable = this.durable;
    // `fsync` (as mongod: flush everything to disk) takes a checkpoint and answers when it is done.
    if (Object.keys(command)[0] === 'fsync' && durable && !command.lock)
      return durable.checkpoint().then(
        () => ({ numFiles: 1, ok: 1 }),
        (err: Error) => ({
          ok: 0,
          errmsg: err.message,
          code: ErrorCodes.OperationFailed,
          codeName: 'OperationFailed',
        }),
      );
    const before = durable?.pendingChanges ?? 0;
    const reply = runCommand(command, ctx);
    if (!durable || durable.pendingChanges === before) return reply;
    return durable.durable().then(
      () => reply,
      (err: Error) => ({
        ok: 0,
        errmsg: err.message,
        code: ErrorCodes.OperationFailed,
        codeName: 'OperationFailed',
      }),
    );
  }

  /** TTL deletion and idle-cursor cleanup; unref'd so they never keep a process alive. */
  private startSweeps(ttlSweepMs: number): void {
    const ttl = setInterval(() => {
      if (this.durable && !this.durable.writable) return;
      sweepExpired(this.storage);
    }, ttlSweepMs);
    const cursors = setInterval(() => this.cursors.sweep(), 60_000);
    for (const timer of [ttl, cursors]) {
      timer.unref();
      this.timers.push(timer);
    }
  }
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
