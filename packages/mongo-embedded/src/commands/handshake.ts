import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import type { CommandTable, CommandContext } from './types';

/** Reported as MongoDB 7.0; the mongoose 9 driver requires maxWireVersion >= 9. */
export const SERVER_VERSION = '7.0.0';
const MAX_WIRE_VERSION = 21;

/**
 * Standalone handshake. Deliberately absent: setName (we are no replica set),
 * topologyVersion (the driver would start awaitable hello polling) and compression.
 */
function hello(_cmd: Document, ctx: CommandContext): Document {
  return {
    helloOk: true,
    isWritablePrimary: true,
    ismaster: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
    ok: 1,
  };
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'mongo-embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    storageEngines: ['memory'],
    modules: [],
    ok: 1,
  };
}

export const handshakeCommands: CommandTable = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  // With a data folder the server answers fsync itself (a checkpoint); in memory there is nothing to flush.
  fsync: (cmd) => {
    if (cmd.lock)
      throw new MongoCommandError(
        'CommandNotSupported',
        'fsync with lock is not supported by mongo-embedded',
      );
    return { numFiles: 0, ok: 1 };
  },
  buildInfo,
  buildinfo: buildInfo,
  // Sessions are accepted and ignored: each command is atomic anyway and there is no auth.
  endSessions: () => ({ ok: 1 }),
  killSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  getParameter: (cmd) => ({
    ...(cmd.featureCompatibilityVersion ? { featureCompatibilityVersion: { version: '7.0' } } : {}),
    ok: 1,
  }),
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['mongo-embedded'], parsed: {}, ok: 1 }),
  // The part of mongod's serverStatus this engine has something to say about: its B-tree indexes
  // rebuilt in the background after a restart (queries scan a collection until its index is ready).
  serverStatus: (_cmd, ctx) => ({
    process: 'mongo-embedded',
    version: SERVER_VERSION,
    uptime: Math.floor(process.uptime()),
    localTime: new Date(),
    indexBuilds: {
      inProgress: ctx.storage
        .allCollections()
        .reduce((n, c) => n + c.orderedIndexes().filter((index) => !index.ready).length, 0),
    },
    ok: 1,
  }),
  hostInfo: () => ({
    system: { currentTime: new Date(), hostname: 'localhost' },
    os: { type: process.platform },
    extra: {},
    ok: 1,
  }),
};
