import { Schema, type Connection, type Model } from 'mongoose';
import { withOutbox, type OutboxEntryRecord } from '../../notifications';

/**
 * One invitation to rate (订阅消息) per service: `_id` = `<kind>:<serviceId>`, so a service that ends
 * twice (a retried hook, 办结 then 出件) invites once. The message goes out through the outbox.
 */
export interface RatingInvitationRecord {
  _id: string;
  kind: string;
  serviceId: string;
  personId: string;
  title: string;
  at: Date;
  outbox?: OutboxEntryRecord[];
}

const schema = withOutbox(
  new Schema<RatingInvitationRecord>(
    {
      _id: { type: String, required: true },
      kind: { type: String, required: true },
      serviceId: { type: String, required: true },
      personId: { type: String, required: true },
      title: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { collection: 'rating_invitations', versionKey: false },
  ),
);

export function ratingInvitationModel(connection: Connection): Model<RatingInvitationRecord> {
  return (
    (connection.models.RatingInvitation as Model<RatingInvitationRecord>) ??
    connection.model<RatingInvitationRecord>('RatingInvitation', schema)
  );
}
