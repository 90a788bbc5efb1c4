import type { Connection } from 'mongoose';
import type { OutboxEntryRecord } from '../models/outbox-entry.model';

export interface PendingOutbox {
  docId: unknown;
  entries: OutboxEntryRecord[];
}

/**
 * The relay's view of one collection whose documents carry an `outbox` field (see withOutbox). It
 * works on the raw collection so that any module's documents can be relayed without their models.
 */
export function createOutboxRepository(connection: Connection, collectionName: string) {
  const collection = () => connection.collection(collectionName);
  return {
    collectionName,

    /** The pending entries of one document (empty when relayed already or gone). */
    async entriesOf(docId: unknown): Promise<OutboxEntryRecord[]> {
      const doc = await collection().findOne({ _id: docId as never }, { projection: { outbox: 1 } });
      return (doc?.outbox as OutboxEntryRecord[] | undefined) ?? [];
    },

    /** Documents with entries still pending, oldest first by id, a page at a time. */
    async pending(limit: number, afterId?: unknown): Promise<PendingOutbox[]> {
      const filter: Record<string, unknown> = { 'outbox.id': { $exists: true } };
      if (afterId !== undefined) filter._id = { $gt: afterId };
      const docs = await collection()
        .find(filter, { projection: { outbox: 1 } })
        .sort({ _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map((doc) => ({ docId: doc._id, entries: (doc.outbox as OutboxEntryRecord[]) ?? [] }));
    },

    /** Marks entries done; the field goes away with its last entry (keeps the sparse index small). */
    async remove(docId: unknown, ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await collection().updateOne({ _id: docId as never }, {
        $pull: { outbox: { id: { $in: ids } } },
      } as never);
      await collection().updateOne({ _id: docId as never, outbox: { $size: 0 } }, { $unset: { outbox: '' } });
    },
  };
}
export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
