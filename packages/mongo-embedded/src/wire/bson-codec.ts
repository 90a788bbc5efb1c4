import { BSON, type Document } from 'bson';

/**
 * One place for BSON options so the wire and the persistence files decode identically.
 * promoteValues turns int32/double/small int64 into JS numbers, which is what mingo can
 * compare; int64 values beyond 2^53 stay as Long so they are not silently rounded.
 */
const DESERIALIZE_OPTIONS = { promoteValues: true, promoteLongs: true, promoteBuffers: false } as const;

export function decodeDocument(buf: Uint8Array): Document {
  return BSON.deserialize(buf, DESERIALIZE_OPTIONS);
}

/** ignoreUndefined: mingo can produce `undefined` fields (e.g. projected missing paths); mongod never returns them. */
export function encodeDocument(doc: Document): Buffer {
  return Buffer.from(BSON.serialize(doc, { ignoreUndefined: true }));
}

export function documentSize(doc: Document): number {
  return BSON.calculateObjectSize(doc, { ignoreUndefined: true });
}

/** Splits a buffer holding back-to-back BSON documents (OP_MSG kind 1 sections, persistence files). */
export function decodeDocumentSequence(buf: Buffer): Document[] {
  const docs: Document[] = [];
  let offset = 0;
  while (offset + 4 <= buf.length) {
    const size = buf.readInt32LE(offset);
    if (size < 5 || offset + size > buf.length) throw new Error(`corrupt BSON sequence at offset ${offset}`);
    docs.push(decodeDocument(buf.subarray(offset, offset + size)));
    offset += size;
  }
  return docs;
}
