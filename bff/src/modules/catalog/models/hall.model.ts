import { Schema, type Connection, type Model } from 'mongoose';
import type { Hall } from '@app/shared';

export type HallRecord = Hall & { order: number };

const hallSchema = new Schema<HallRecord>(
  {
    code: { type: String, required: true },
    name: { type: String, required: true },
    address: { type: String, required: true },
    phone: { type: String, required: true },
    openingHours: { type: String, required: true },
    windows: [
      new Schema(
        { code: String, name: String, type: { type: String }, departmentCode: String },
        { _id: false },
      ),
    ],
    order: { type: Number, default: 0 },
  },
  { collection: 'halls', timestamps: true, versionKey: false },
);
hallSchema.index({ code: 1 }, { unique: true });

export type HallModel = Model<HallRecord>;

export function hallModel(connection: Connection): HallModel {
  return (connection.models.Hall as HallModel) ?? connection.model('Hall', hallSchema);
}
