import type { Connection } from 'mongoose';
import { themeModel, type ThemeRecord } from '../models/theme.model';

export function createThemeRepository(connection: Connection) {
  const Theme = themeModel(connection);
  return {
    async upsertMany(themes: ThemeRecord[]): Promise<void> {
      if (themes.length === 0) return;
      await Theme.bulkWrite(
        themes.map(({ code, ...rest }) => ({
          updateOne: { filter: { code }, update: { $set: rest }, upsert: true },
        })),
        { ordered: false },
      );
    },

    list(): Promise<ThemeRecord[]> {
      return Theme.find({}, { _id: 0, createdAt: 0, updatedAt: 0 })
        .sort({ order: 1, code: 1 })
        .lean<ThemeRecord[]>()
        .exec();
    },
  };
}
export type ThemeRepository = ReturnType<typeof createThemeRepository>;
