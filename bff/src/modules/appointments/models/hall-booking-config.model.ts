import { Schema, type Connection, type Model } from 'mongoose';
import type { HallBookingConfig } from '@app/shared';

/** A hall's booking configuration; one document per hall code. */
export type HallBookingConfigRecord = HallBookingConfig & { updatedAt?: Date };

const schema = new Schema<HallBookingConfigRecord>(
  {
    hallCode: { type: String, required: true },
    windows: [
      new Schema(
        { type: { type: String, required: true }, openWindows: Number, quotaPerWindow: Number },
        { _id: false },
      ),
    ],
    sessions: [new Schema({ start: String, end: String }, { _id: false })],
    slotMinutes: { type: Number, required: true },
    openDaysAhead: { type: Number, required: true },
    openAt: { type: String, required: true },
    closeDaysBefore: { type: Number, required: true },
    closeAt: { type: String, required: true },
    cancelCutoffMinutes: { type: Number, required: true },
    // Absent: booking needs the real-name profile (the default); false: this hall waived it.
    realNameRequired: { type: Boolean },
  },
  {
    collection: 'appointment_hall_configs',
    timestamps: { createdAt: false, updatedAt: true },
    versionKey: false,
  },
);
schema.index({ hallCode: 1 }, { unique: true, name: 'uniq_hall' });

export type HallBookingConfigModel = Model<HallBookingConfigRecord>;

export function hallBookingConfigModel(connection: Connection): HallBookingConfigModel {
  return (
    (connection.models.AppointmentHallConfig as HallBookingConfigModel) ??
    connection.model('AppointmentHallConfig', schema)
  );
}
