import { Schema, type Connection, type Model } from 'mongoose';

/** A life event (一件事). Its items are the published items listing the theme's code. */
export interface ThemeRecord {
  code: string;
  name: string;
  description?: string;
  audience: 'citizen' | 'enterprise';
  order: number;
}

const themeSchema = new Schema<ThemeRecord>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    description: String,
    audience: { type: String, required: true },
    order: { type: Number, default: 0 },
  },
  { collection: 'themes', timestamps: true, versionKey: false },
);
themeSchema.index({ code: 1 }, { unique: true });

export type ThemeModel = Model<ThemeRecord>;

export function themeModel(connection: Connection): ThemeModel {
  return (connection.models.Theme as ThemeModel) ?? connection.model('Theme', themeSchema);
}
