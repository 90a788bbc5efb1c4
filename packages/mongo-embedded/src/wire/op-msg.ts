import type { Document } from 'bson';
import { decodeDocument, decodeDocumentSequence, encodeDocument } from './bson-codec';
import { HEADER_SIZE, MsgFlags, OpCode, writeHeader } from './opcodes';

export interface ParsedOpMsg {
  flags: number;
  /** The kind-0 body with any kind-1 document sequences merged in under their identifiers. */
  command: Document;
}

export function parseOpMsg(message: Buffer): ParsedOpMsg {
  const flags = message.readUInt32LE(HEADER_SIZE);
  // A trailing CRC32C is only present when the flag says so; we do not verify it.
  const end = flags & MsgFlags.checksumPresent ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) {
      body = decodeDocument(message.subarray(offset, offset + size));
    } else if (kind === 1) {
      // Kind 1: int32 size (includes itself), cstring identifier, then documents (bulk insert/update/delete payloads).
      const idEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, idEnd);
      sequences[identifier] = decodeDocumentSequence(message.subarray(idEnd + 1, offset + size));
    } else {
      throw new Error(`unsupported OP_MSG section kind ${kind}`);
    }
    offset += size;
  }
  if (!body) throw new Error('OP_MSG without a body section');
  return { flags, command: { ...body, ...sequences } };
}

export function encodeOpMsg(reply: Document, requestId: number, responseTo: number): Buffer {
  const flags = Buffer.alloc(5); // uint32 flags = 0, then section kind 0
  return writeHeader(Buffer.concat([flags, encodeDocument(reply)]), requestId, responseTo, OpCode.MSG);
}
