import type { HallBookingConfig } from '@app/shared';
import type { Connection } from 'mongoose';
import { hallBookingConfigModel } from '../models/hall-booking-config.model';

const PROJECTION = { _id: 0, updatedAt: 0 } as const;

export function createHallBookingConfigRepository(connection: Connection) {
  const Config = hallBookingConfigModel(connection);
  return {
    async upsert(config: HallBookingConfig): Promise<void> {
      const { hallCode, ...rest } = config;
      // A config without the waiver means "required": a waiver stored before must not survive it.
      const unset = config.realNameRequired === undefined ? { $unset: { realNameRequired: 1 } } : {};
      await Config.updateOne({ hallCode }, { $set: rest, ...unset }, { upsert: true }).exec();
    },
    list(): Promise<HallBookingConfig[]> {
      return Config.find({}, PROJECTION).sort({ hallCode: 1 }).lean<HallBookingConfig[]>().exec();
    },
    get(hallCode: string): Promise<HallBookingConfig | null> {
      return Config.findOne({ hallCode }, PROJECTION).lean<HallBookingConfig>().exec();
    },
  };
}
export type HallBookingConfigRepository = ReturnType<typeof createHallBookingConfigRepository>;
