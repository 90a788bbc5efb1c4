import type { Socket } from 'node:net';
import type { Document } from 'bson';
import { MessageFramer } from './message-framer';
import { MsgFlags, OpCode, readHeader } from './opcodes';
import { encodeOpMsg, parseOpMsg } from './op-msg';
import { encodeOpReply, parseOpQuery } from './op-query';

/** Runs a command for a database and returns its reply; provided by the server. */
export type CommandRunner = (command: Document, dbName: string) => Document;

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
  socket.on('data', (chunk: Buffer) => {
    try {
      for (const message of framer.push(chunk)) handleMessage(socket, message, run);
    } catch (err) {
      // A malformed stream cannot be resynchronised: drop the connection like mongod does.
      onError(err as Error);
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
}

function handleMessage(socket: Socket, message: Buffer, run: CommandRunner): void {
  const header = readHeader(message);
  if (header.opCode === OpCode.MSG) {
    const { flags, command } = parseOpMsg(message);
    const reply = run(command, String(command.$db ?? 'admin'));
    // moreToCome: the client (e.g. endSessions with w:0) does not read a reply.
    if (!(flags & MsgFlags.moreToCome)) socket.write(encodeOpMsg(reply, nextResponseId(), header.requestId));
    return;
  }
  if (header.opCode === OpCode.QUERY) {
    // Only the first handshake of each pooled connection arrives this way (isMaster on admin.$cmd).
    const { fullCollectionName, command } = parseOpQuery(message);
    const dbName = fullCollectionName.split('.')[0];
    socket.write(encodeOpReply(run(command, dbName), nextResponseId(), header.requestId));
    return;
  }
  throw new Error(`unsupported opCode ${header.opCode}`);
}
