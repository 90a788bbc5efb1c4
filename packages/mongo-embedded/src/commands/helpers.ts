import type { Document } from 'bson';
import { MongoCommandError } from '../errors';
import type { Batch } from '../cursor-registry';
import type { CommandContext } from './types';

/** The collection named by the command's first field (e.g. `{find: "users"}`). */
export function targetCollection(cmd: Document, commandName: string): string {
  const name = cmd[commandName];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoCommandError('InvalidNamespace', `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function optionalNumber(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (Number.isNaN(n)) throw new MongoCommandError('BadValue', `expected a number, got ${String(value)}`);
  return n;
}

export function optionalDocument(value: unknown): Document | undefined {
  return value !== null && typeof value === 'object' ? (value as Document) : undefined;
}

/** `{cursor: {firstBatch|nextBatch, id, ns}, ok: 1}`, the shape every cursor command answers with. */
export function cursorReply(ns: string, batch: Batch, field: 'firstBatch' | 'nextBatch'): Document {
  return { cursor: { [field]: batch.docs, id: batch.id, ns }, ok: 1 };
}

/** Opens a cursor over precomputed results and answers with the first batch. */
export function openCursor(
  ctx: CommandContext,
  ns: string,
  docs: Document[],
  cursorOpts: unknown,
  singleBatch = false,
): Document {
  const batchSize = optionalNumber(optionalDocument(cursorOpts)?.batchSize);
  return cursorReply(ns, ctx.cursors.open(ns, docs, batchSize, singleBatch), 'firstBatch');
}
