import net from 'node:net';
import { BSON, type Document } from 'bson';
import { EmbeddedMongo } from '../src';
import { MessageFramer } from '../src/wire/message-framer';
import { OpCode } from '../src/wire/opcodes';
import { itEmbedded } from './helpers/target';

let server: EmbeddedMongo | undefined;
afterAll(async () => {
  await server?.stop();
});

function header(body: Buffer, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(16 + body.length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return Buffer.concat([h, body]);
}

function opQuery(cmd: Document, requestId: number): Buffer {
  const flags = Buffer.alloc(4);
  const ns = Buffer.from('admin.$cmd\0');
  const skipReturn = Buffer.alloc(8);
  skipReturn.writeInt32LE(-1, 4);
  return header(
    Buffer.concat([flags, ns, skipReturn, Buffer.from(BSON.serialize(cmd))]),
    requestId,
    OpCode.QUERY,
  );
}

function opMsg(
  cmd: Document,
  requestId: number,
  flags = 0,
  sequence?: { id: string; docs: Document[] },
): Buffer {
  const parts = [Buffer.alloc(4), Buffer.from([0]), Buffer.from(BSON.serialize(cmd))];
  parts[0].writeUInt32LE(flags, 0);
  if (sequence) {
    const docs = Buffer.concat(sequence.docs.map((d) => Buffer.from(BSON.serialize(d))));
    const id = Buffer.from(`${sequence.id}\0`);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + id.length + docs.length, 0);
    parts.push(Buffer.from([1]), size, id, docs);
  }
  return header(Buffer.concat(parts), requestId, OpCode.MSG);
}

/** Reads replies off a raw socket. */
function replies(socket: net.Socket): () => Promise<{ opCode: number; responseTo: number; doc: Document }> {
  const framer = new MessageFramer();
  const queue: Buffer[] = [];
  const waiters: Array<(b: Buffer) => void> = [];
  socket.on('data', (chunk: Buffer) => {
    for (const m of framer.push(chunk)) (waiters.shift() ?? ((b: Buffer) => queue.push(b)))(m);
  });
  return async () => {
    const m = queue.shift() ?? (await new Promise<Buffer>((r) => waiters.push(r)));
    const opCode = m.readInt32LE(12);
    const docStart = opCode === OpCode.REPLY ? 36 : 21;
    return {
      opCode,
      responseTo: m.readInt32LE(8),
      doc: BSON.deserialize(m.subarray(docStart), { promoteLongs: false }),
    };
  };
}

itEmbedded('speaks OP_QUERY handshake, OP_MSG with document sequences, and honours moreToCome', async () => {
  server = await EmbeddedMongo.start({ port: 0 });
  const socket = net.connect(server.port, server.host);
  await new Promise((r) => socket.once('connect', r));
  const next = replies(socket);

  socket.write(opQuery({ isMaster: 1, client: { driver: { name: 'raw' } } }, 1));
  const hello = await next();
  expect(hello).toMatchObject({ opCode: OpCode.REPLY, responseTo: 1 });
  expect(hello.doc).toMatchObject({ ismaster: true, maxWireVersion: 21, ok: 1 });
  expect(hello.doc.topologyVersion).toBeUndefined();
  expect(hello.doc.compression).toBeUndefined();

  // A command split across two TCP writes is reassembled.
  const insert = opMsg({ insert: 'raw', $db: 'wire' }, 2, 0, {
    id: 'documents',
    docs: [{ _id: 1 }, { _id: 2 }],
  });
  socket.write(insert.subarray(0, 10));
  socket.write(insert.subarray(10));
  expect((await next()).doc).toMatchObject({ n: 2, ok: 1 });

  // moreToCome: no reply; the next reply must answer request 4, not 3.
  socket.write(opMsg({ endSessions: [], $db: 'admin' }, 3, 2));
  socket.write(opMsg({ find: 'raw', filter: {}, $db: 'wire' }, 4));
  const found = await next();
  expect(found.responseTo).toBe(4);
  expect(found.doc.cursor.firstBatch).toEqual([{ _id: 1 }, { _id: 2 }]);
  expect(found.doc.cursor.id._bsontype).toBe('Long');
  socket.destroy();
});

it('framer returns whole messages from arbitrary chunking', () => {
  const framer = new MessageFramer();
  const a = opMsg({ ping: 1, $db: 'admin' }, 1);
  const b = opMsg({ ping: 1, $db: 'admin' }, 2);
  const both = Buffer.concat([a, b]);
  expect(framer.push(both.subarray(0, 5))).toHaveLength(0);
  const out = framer.push(both.subarray(5, a.length + 3));
  expect(out).toHaveLength(1);
  expect(framer.push(both.subarray(a.length + 3))).toHaveLength(1);
});
