import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A period in which a person may not book (e.g. 3 no-shows in 30 days). `_id` is
 * `personId|triggerBookingId`: the rule applied twice to the same no-show makes one restriction.
 */
export interface RestrictionRecord {
  _id: string;
  personId: string;
  reason: string;
  from: Date;
  until: Date;
  /** The no-shows that led to it. */
  bookingIds: string[];
}

const schema = new Schema<RestrictionRecord>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    reason: { type: String, required: true },
    from: { type: Date, required: true },
    until: { type: Date, required: true },
    bookingIds: [String],
  },
  { collection: 'appointment_restrictions', versionKey: false },
);
schema.index({ personId: 1, until: -1 });

export type RestrictionModel = Model<RestrictionRecord>;

export function restrictionModel(connection: Connection): RestrictionModel {
  return (
    (connection.models.AppointmentRestriction as RestrictionModel) ??
    connection.model('AppointmentRestriction', schema)
  );
}
