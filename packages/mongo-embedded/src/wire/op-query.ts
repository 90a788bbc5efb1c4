import type { Document } from 'bson';
import { decodeDocument, encodeDocument } from './bson-codec';
import { HEADER_SIZE, OpCode, writeHeader } from './opcodes';

export interface ParsedOpQuery {
  /** e.g. "admin.$cmd" */
  fullCollectionName: string;
  command: Document;
}

/**
 * Legacy OP_QUERY is only used by drivers for the very first handshake (isMaster on admin.$cmd),
 * so we only support command queries.
 */
export function parseOpQuery(message: Buffer): ParsedOpQuery {
  let offset = HEADER_SIZE + 4; // skip flags
  const nameEnd = message.indexOf(0, offset);
  const fullCollectionName = message.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // skip numberToSkip and numberToReturn
  const size = message.readInt32LE(offset);
  let command = decodeDocument(message.subarray(offset, offset + size));
  // Old drivers wrap the command as {$query: {...}, $readPreference: ...}.
  if (command.$query && typeof command.$query === 'object') command = command.$query as Document;
  return { fullCollectionName, command };
}

export function encodeOpReply(reply: Document, requestId: number, responseTo: number): Buffer {
  const doc = encodeDocument(reply);
  const prefix = Buffer.alloc(20); // responseFlags int32, cursorId int64 (0), startingFrom int32, numberReturned int32
  prefix.writeInt32LE(1, 16);
  return writeHeader(Buffer.concat([prefix, doc]), requestId, responseTo, OpCode.REPLY);
}
