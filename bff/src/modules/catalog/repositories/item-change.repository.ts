import type { Connection } from 'mongoose';
import { itemChangeModel, type ItemChangeRecord } from '../models/item-change.model';

const WRITE_BATCH = 1000;

export function createItemChangeRepository(connection: Connection) {
  const ItemChange = itemChangeModel(connection);
  return {
    async insertMany(records: ItemChangeRecord[]): Promise<void> {
      for (let i = 0; i < records.length; i += WRITE_BATCH) {
        // Plain documents built by the services: the driver's insertMany skips mongoose casting.
        await ItemChange.collection.insertMany(records.slice(i, i + WRITE_BATCH), { ordered: false });
      }
    },

    listForItem(itemCode: string): Promise<ItemChangeRecord[]> {
      return ItemChange.find({ itemCode }, { _id: 0 }).sort({ at: -1 }).lean<ItemChangeRecord[]>().exec();
    },
  };
}
export type ItemChangeRepository = ReturnType<typeof createItemChangeRepository>;
