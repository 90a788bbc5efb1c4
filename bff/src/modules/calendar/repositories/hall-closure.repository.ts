import type { Connection } from 'mongoose';
import { hallClosureModel, type HallClosureRecord } from '../models/hall-closure.model';

export type HallClosure = Pick<HallClosureRecord, 'hallCode' | 'date' | 'reason' | 'createdBy'>;

const PROJECTION = { _id: 0, hallCode: 1, date: 1, reason: 1, createdBy: 1 } as const;

/** Storage of hall closures only; what a closure means for working days lives in the calendar service. */
export function createHallClosureRepository(connection: Connection) {
  const HallClosure = hallClosureModel(connection);
  return {
    /** Declares (or re-declares with a new reason) a closure; one per hall and date. */
    async upsert(closure: HallClosure): Promise<void> {
      const { hallCode, date, ...rest } = closure;
      await HallClosure.updateOne({ hallCode, date }, { $set: rest }, { upsert: true }).exec();
    },

    /** Closures of a hall from `from` to `to`, both inclusive, in date order. */
    listInRange(hallCode: string, from: string, to: string): Promise<HallClosure[]> {
      return HallClosure.find({ hallCode, date: { $gte: from, $lte: to } }, PROJECTION)
        .sort({ date: 1 })
        .lean<HallClosure[]>()
        .exec();
    },

    /** Returns whether a closure was removed. */
    async remove(hallCode: string, date: string): Promise<boolean> {
      const result = await HallClosure.deleteOne({ hallCode, date }).exec();
      return result.deletedCount > 0;
    },
  };
}
export type HallClosureRepository = ReturnType<typeof createHallClosureRepository>;
