import net from 'node:net';
import type { Document } from 'bson';
import { runCommand } from './commands/registry';
import type { CommandContext } from './commands/types';
import { CursorRegistry } from './cursor-registry';
import { silentLogger, type Logger } from './logger';
import { Persistence } from './storage/persistence';
import { Storage } from './storage/storage';
import { sweepExpired } from './storage/ttl';
import { attachConnection } from './wire/connection';

export interface EmbeddedMongoOptions {
  /** 0 = random free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Persistence folder; undefined = memory only. */
  dbPath?: string;
  logger?: Logger;
  /** How often expired TTL documents are deleted (ms). Default 1000. */
  ttlSweepMs?: number;
  /** Idle cursors are closed after this long (ms). Default 10 minutes, like mongod. */
  cursorTimeoutMs?: number;
  /** Delay between a write and its flush to dbPath (ms). Default 100. */
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
    private readonly persistence: Persistence | undefined,
    private readonly logger: Logger,
    readonly host: string,
    readonly port: number,
  ) {}

  static async start(opts: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
    const logger = opts.logger ?? silentLogger;
    const host = opts.host ?? '127.0.0.1';
    const storage = new Storage();
    const persistence = opts.dbPath
      ? new Persistence(opts.dbPath, storage, logger, opts.flushDelayMs ?? 100)
      : undefined;
    persistence?.load();
    if (persistence) storage.onChange((db, coll) => persistence.markDirty(db, coll));
    const cursors = new CursorRegistry(opts.cursorTimeoutMs ?? 10 * 60 * 1000);

    const server = net.createServer();
    const port = await listen(server, opts.port ?? 0, host);
    const instance = new EmbeddedMongo(server, storage, cursors, persistence, logger, host, port);
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

  /** Closes listeners and client sockets, then writes pending changes to dbPath. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.persistence?.flush();
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

  private run(command: Document, dbName: string, connectionId: number): Document {
    const ctx: CommandContext = {
      storage: this.storage,
      cursors: this.cursors,
      dbName,
      connectionId,
      logger: this.logger,
    };
    return runCommand(command, ctx);
  }

  /** TTL deletion and idle-cursor cleanup; unref'd so they never keep a process alive. */
  private startSweeps(ttlSweepMs: number): void {
    const ttl = setInterval(() => sweepExpired(this.storage), ttlSweepMs);
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
