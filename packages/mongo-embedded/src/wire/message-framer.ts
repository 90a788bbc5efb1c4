/** Max accepted message; matches the maxMessageSizeBytes we advertise in hello. */
export const MAX_MESSAGE_SIZE = 48_000_000;

/**
 * TCP is a byte stream: a chunk may hold half a message or several. This collects
 * chunks and hands out whole messages (header included) in arrival order.
 */
export class MessageFramer {
  private pending: Buffer[] = [];
  private pendingLength = 0;

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    const messages: Buffer[] = [];
    let buf = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingLength);
    while (buf.length >= 4) {
      const size = buf.readInt32LE(0);
      if (size < 16 || size > MAX_MESSAGE_SIZE) throw new Error(`invalid message length ${size}`);
      if (buf.length < size) break;
      messages.push(buf.subarray(0, size));
      buf = buf.subarray(size);
    }
    this.pending = buf.length ? [buf] : [];
    this.pendingLength = buf.length;
    return messages;
  }
}
