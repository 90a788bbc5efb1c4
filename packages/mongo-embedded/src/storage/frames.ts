import zlib from 'node:zlib';

/**
 * The one on-disk record shape of the journal and the snapshots:
 *
 *   magic u32 | body length u32 | sequence u64 | crc32(sequence + body) u32 | body
 *
 * A journal frame is one group commit (one `write` call), so a crash can tear at most the last
 * frame; a snapshot frame holds one document or one header. The checksum covers the sequence
 * number, so a stale frame from an older file that happens to sit at the right offset is rejected.
 */
export const FRAME_HEADER = 20;
export const JOURNAL_MAGIC = 0x4d454a31; // "MEJ1"
export const SNAPSHOT_MAGIC = 0x4d455331; // "MES1"
/** A frame can hold a group of writes; no single write reaches this (48 MB is the wire limit). */
const MAX_BODY = 256 * 1024 * 1024;

export function encodeFrame(magic: number, seq: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + body.length);
  out.writeUInt32LE(magic, 0);
  out.writeUInt32LE(body.length, 4);
  out.writeBigUInt64LE(BigInt(seq), 8);
  body.copy(out, FRAME_HEADER);
  out.writeUInt32LE(frameCrc(out, 8, FRAME_HEADER + body.length), 16);
  return out;
}

/**
 * Writes a frame header in place for a body already at `at + FRAME_HEADER .. end` of `buf` (the
 * snapshot writer encodes documents straight into one reused buffer).
 */
export function sealFrameInPlace(buf: Buffer, at: number, magic: number, seq: number, end: number): void {
  buf.writeUInt32LE(magic, at);
  buf.writeUInt32LE(end - at - FRAME_HEADER, at + 4);
  buf.writeBigUInt64LE(BigInt(seq), at + 8);
  buf.writeUInt32LE(frameCrc(buf, at + 8, end), at + 16);
}

function frameCrc(buf: Buffer, seqStart: number, end: number): number {
  const seqPart = zlib.crc32(buf.subarray(seqStart, seqStart + 8));
  return zlib.crc32(buf.subarray(seqStart + 12, end), seqPart);
}

export type FrameRead =
  | { kind: 'frame'; seq: number; body: Buffer; end: number }
  /** Fewer bytes left than the header or the body claims: a write that never finished. */
  | { kind: 'short'; end: number }
  /** Wrong magic, absurd length or checksum mismatch. */
  | { kind: 'bad'; reason: string; end: number };

/** Reads the frame at `offset` of `buf` (a whole file or a window of it). */
export function readFrame(buf: Buffer, offset: number, magic: number): FrameRead {
  if (buf.length - offset < FRAME_HEADER) return { kind: 'short', end: buf.length };
  if (buf.readUInt32LE(offset) !== magic) return { kind: 'bad', reason: 'bad magic number', end: buf.length };
  const length = buf.readUInt32LE(offset + 4);
  if (length > MAX_BODY) return { kind: 'bad', reason: `impossible length ${length}`, end: buf.length };
  const end = offset + FRAME_HEADER + length;
  if (end > buf.length) return { kind: 'short', end: buf.length };
  if (buf.readUInt32LE(offset + 16) !== frameCrc(buf, offset + 8, end))
    return { kind: 'bad', reason: 'checksum mismatch', end };
  return {
    kind: 'frame',
    seq: Number(buf.readBigUInt64LE(offset + 8)),
    body: buf.subarray(offset + FRAME_HEADER, end),
    end,
  };
}

/** The error that stops start-up: names the file, the place and what to do. */
export class DamagedFileError extends Error {
  constructor(
    readonly file: string,
    offset: number,
    reason: string,
    advice: string,
  ) {
    super(`damaged file ${file} at byte ${offset}: ${reason}. ${advice}`);
    this.name = 'DamagedFileError';
  }
}
