import type { Connection } from 'mongoose';
import type { OutboxEntryRecord } from '../../notifications';
import { ratingInvitationModel } from '../models/rating-invitation.model';
import { isDuplicateKey } from './mongo-errors';

/** The only code touching `rating_invitations`. */
export function createInvitationRepository(connection: Connection) {
  const Invitations = ratingInvitationModel(connection);
  return {
    /** One invitation per service: false when it was invited already. */
    async insertOnce(doc: {
      kind: string;
      serviceId: string;
      personId: string;
      title: string;
      at: Date;
      outbox: OutboxEntryRecord[];
    }): Promise<string | false> {
      const _id = `${doc.kind}:${doc.serviceId}`;
      try {
        await Invitations.collection.insertOne({ _id, ...doc } as never);
        return _id;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },
    findById(id: string) {
      return Invitations.findById(id).lean().exec();
    },
  };
}
export type InvitationRepository = ReturnType<typeof createInvitationRepository>;
