import type { Connection } from 'mongoose';
import { ratingInvitationModel } from './rating-invitation.model';
import { ratingStatModel } from './rating-stat.model';
import { ratingModel } from './rating.model';
import { rectificationModel } from './rectification.model';

/** Registers the module's models on the connection (the app's syncIndexes then creates the unique indexes). */
export function registerRatingModels(connection: Connection) {
  return {
    ratings: ratingModel(connection),
    rectifications: rectificationModel(connection),
    stats: ratingStatModel(connection),
    invitations: ratingInvitationModel(connection),
  };
}
