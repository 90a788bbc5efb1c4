import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { MessageFramer } from './message-framer';
import { MsgFlags, OpCode, readHeader } from './opcodes';
import { encodeOpMsg, parseOpMsg } from './op-msg';
import { encodeOpReply, parseOpQuery } from './op-query';

/**
 * Runs a command for a database and returns its reply, or a promise of it when the reply must wait
 * (a write is answered once it is on disk); provided by the server.
 */
export type CommandRunner = (command: Document, dbName: string) => Document | Promise<Document>;

let lastResponseId = 0;

/** requestID is an int32: wrap before overflowing. */
function nextResponseId(): number {
  lastResponseId = (lastResponseId % 0x7fffffff) + 1;
  return lastResponseId;
}

/**
 * One client socket: frames messages, decodes OP_MSG / OP_QUERY, runs each command
 * synchronously and writes the reply in request order.
 */
export function attachConnection(socket: Socket, run: CommandRunner, onError: (err: Error) => void): void {
  const framer = new MessageFramer();
  socket.setNoDelay(true);
  // Replies leave in request order: once one waits (for the disk), the ones after it queue behind it.
  let tail: Promise<void> | undefined;
  let waiting = 0;
  const send = (reply: Document | Promise<Document>, encode: (reply: Document) => Buffer) => {
    if (!(reply instanceof Promise) && waiting === 0) {
      socket.write(encode(reply));
      return;
    }
    waiting++;
    tail = (tail ?? Promise.resolve())
      .then(() => reply)
      .then((r) => {
        if (!socket.destroyed) socket.write(encode(r));
      })
      .finally(() => {
        if (--waiting === 0) tail = undefined;
      });
  };
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of framer.push(chunk)) handleMessage(message, run, send);
    } catch (err) {
      // A malformed stream cannot be resynchronised: drop the connection like mongod does.
      onError(err as Error);
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
}

type Send = (reply: Document | Promise<Document>, encode: (reply: Document) => Buffer) => void;

function handleMessage(message: Buffer, run: CommandRunner, send: Send): void {
  const header = readHeader(message);
  if (header.opCode === OpCode.MSG) {
    const { flags, command } = parseOpMsg(message);
    const reply = run(command, String(command.$db ?? 'admin'));
    // moreToCome: the client (e.g. endSessions with w:0) does not read a reply.
    if (!(flags & MsgFlags.moreToCome))
      send(reply, (r) => encodeOpMsg(r, nextResponseId(), header.requestId));
    return;
  }
  if (header.opCode === OpCode.QUERY) {
    // Only the first handshake of each pooled connection arrives this way (isMaster on admin.$cmd).
    const { fullCollectionName, command } = parseOpQuery(message);
    const dbName = fullCollectionName.split('.')[0];
    send(run(command, dbName), (r) => encodeOpReply(r, nextResponseId(), header.requestId));
    return;
  }
  throw new Error(`unsupported opCode ${header.opCode}`);
}
