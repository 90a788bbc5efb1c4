import type { Connection } from 'mongoose';
import { hallModel, type HallRecord } from '../models/hall.model';

export function createHallRepository(connection: Connection) {
  const Hall = hallModel(connection);
  return {
    async upsertMany(halls: HallRecord[]): Promise<void> {
      if (halls.length === 0) return;
      await Hall.bulkWrite(
        halls.map(({ code, ...rest }) => ({
          updateOne: { filter: { code }, update: { $set: rest }, upsert: true },
        })),
        { ordered: false },
      );
    },

    list(): Promise<HallRecord[]> {
      return Hall.find({}, { _id: 0, createdAt: 0, updatedAt: 0 })
        .sort({ order: 1, code: 1 })
        .lean<HallRecord[]>()
        .exec();
    },
  };
}
export type HallRepository = ReturnType<typeof createHallRepository>;
